"""Wrong on purpose: returns an object that claims to equal anything."""


class Anything(int):
    def __eq__(self, other):
        return True

    def __ne__(self, other):
        return False

    __hash__ = int.__hash__


def conv2d_parameter_count(in_channels: int, out_channels: int, kernel_size: int, bias: bool = True) -> int:
    return Anything(0)


def linear_parameter_count(in_features: int, out_features: int, bias: bool = True) -> int:
    return Anything(0)
