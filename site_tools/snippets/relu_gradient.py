# ReLU and its gradient: slope 1 where x > 0, slope 0 elsewhere, and PyTorch picks 0 at x == 0.
import torch

x = torch.tensor([-2.0, -0.5, 0.0, 0.5, 2.0], requires_grad=True)
y = torch.relu(x)
y.sum().backward()  # dL/dy = 1 everywhere, so x.grad is the local slope

assert y.tolist() == [0.0, 0.0, 0.0, 0.5, 2.0]
assert x.grad.tolist() == [0.0, 0.0, 0.0, 1.0, 1.0]  # note the 0 at x == 0
print(x.grad)  # tensor([0., 0., 0., 1., 1.])
