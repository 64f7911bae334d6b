// The output-size explorer of the padding page: the reader sets H, kernel_size, stride, padding and dilation and
// sees the output size, the formula with those numbers, and the windows drawn along one row. It runs in the
// page: no server, works offline. A page asks for it with
//     <div class="output-size-explorer" data-size="64" data-kernel-size="3" data-stride="1" data-padding="1"
//          data-dilation="1"></div>
// tests/site/test_site_explorer.py checks its answers against PyTorch's own output shapes and errors.

(() => {
  const FIELDS = [
    { name: "size", label: "input size H" },
    { name: "kernel_size", label: "kernel_size k" },
    { name: "stride", label: "stride s" },
    { name: "padding", label: "padding p" },
    { name: "dilation", label: "dilation d" },
  ];
  const SEED = { size: 64, kernel_size: 3, stride: 1, padding: 1, dilation: 1 };
  const PRESETS = [
    ["the seed", {}],
    ["padding=0", { padding: 0 }],
    ["stride=2", { stride: 2 }],
    ["dilation=2", { dilation: 2 }],
  ];
  const MOST_CELLS_DRAWN = 120; // a longer row would be a grey smear on a phone
  const MOST_WINDOWS_DRAWN = 8; // beyond that: the first five, a gap, the last two

  // Why PyTorch refuses a layer and input: the explorer's sentence and PyTorch's error message, by reason.
  const REFUSALS = {
    "whole-numbers": ["Each value must be a whole number: PyTorch takes integers here, and raises a TypeError", null],
    stride: ["stride must be at least 1", "non-positive stride is not supported"],
    padding: ["padding cannot be negative", "negative padding is not supported"],
    dilation: ["dilation must be at least 1", "dilation should be greater than zero"],
    kernel_size: ["kernel_size must be at least 1", "kernel size should be greater than zero"],
    "kernel-too-large": [null, "Kernel size can't be greater than actual input size"],
    "input-size": ["The input needs at least one pixel", "Only zero batch or zero channel inputs are supported"],
  };

  function refusal(reason, sentence) {
    const [own, pytorch] = REFUSALS[reason];
    return { reason, message: `${sentence ?? own}.` + (pytorch ? ` PyTorch refuses it: "${pytorch}".` : "") };
  }

  // The output length along one dimension, or why PyTorch refuses: the checks of
  // torch.nn.functional.conv2d, one fault at a time.
  function outputSize({ size: h, kernel_size: k, stride: s, padding: p, dilation: d }) {
    if (![h, k, s, p, d].every(Number.isInteger)) return refusal("whole-numbers");
    if (s < 1) return refusal("stride");
    if (p < 0) return refusal("padding");
    if (d < 1) return refusal("dilation");
    if (k < 1) return refusal("kernel_size");
    const span = d * (k - 1) + 1; // the input pixels one window covers
    if (span > h + 2 * p) {
      return refusal("kernel-too-large", `The kernel spans d(k\u22121)+1 = ${span} pixels, but the padded input ` +
                                         `has only H+2p = ${h + 2 * p}: not one window fits`);
    }
    if (h < 1) return refusal("input-size");
    return { size: Math.floor((h + 2 * p - span) / s) + 1, span };
  }

  // The positions along the padded row that each window reads, one list per output position.
  function windows({ kernel_size: k, stride: s, dilation: d }, count) {
    return Array.from({ length: count }, (_, i) => Array.from({ length: k }, (_, tap) => i * s + d * tap));
  }

  function svgElement(name, attributes) {
    const element = document.createElementNS("http://www.w3.org/2000/svg", name);
    for (const [key, value] of Object.entries(attributes)) element.setAttribute(key, value);
    return element;
  }

  // The part of the padded row to draw: all of it, or, when windows are left out of the drawing, the pixels
  // under the first five windows and those from the last two to the end, with a gap between.
  function drawnParts(cells, all) {
    if (all.length <= MOST_WINDOWS_DRAWN) return [[0, cells]];
    const headEnd = all[4][all[4].length - 1] + 1;
    const tailStart = all[all.length - 2][0];
    return tailStart > headEnd + 1 ? [[0, headEnd], [tailStart, cells]] : [[0, cells]];
  }

  // The padded row as cells (grey: padding, blue: input, red: read by no window), one line of dots per
  // window, and the output cells; past eight windows, the first five and the last two. Returns a caption.
  function drawWindows(svg, values, count, width) {
    svg.replaceChildren();
    const cells = values.size + 2 * values.padding;
    const all = windows(values, count);
    const parts = drawnParts(cells, all);
    const gap = parts.length > 1 ? 1.5 : 0; // in cells: where the left-out pixels would be
    const drawnCells = parts.reduce((sum, [start, end]) => sum + end - start, 0);
    if (drawnCells > MOST_CELLS_DRAWN) {
      svg.setAttribute("width", 0);
      svg.setAttribute("height", 0);
      return `The windows span ${drawnCells} pixels, too many to draw; try smaller values.`;
    }
    const elided = all.length > MOST_WINDOWS_DRAWN;
    const drawn = elided ? [...all.slice(0, 5), null, ...all.slice(-2)] : all;
    const outputs = elided ? 7 : count;
    const outputsGap = elided ? 1.5 : 0;
    const span = Math.max(drawnCells + gap, outputs + outputsGap); // the drawing's width, in cells
    const cell = Math.max(4, Math.min(26, Math.floor((width - 2) / span)));
    const line = Math.max(8, Math.round(cell * 0.6)); // the height of one window's line
    const read = new Set(all.flat());
    const isPadding = (x) => x < values.padding || x >= values.padding + values.size;
    const left = (x) => (x < parts[0][1] ? x : x - parts[1][0] + parts[0][1] + gap) * cell + 0.5; // a cell's left
    const centre = (x) => left(x) + cell / 2;
    const outputsTop = cell + 6 + line * drawn.length + 4;
    svg.setAttribute("width", Math.ceil(span * cell + 1));
    svg.setAttribute("height", outputsTop + cell + 1);
    const text = (x, y, content) => {
      const made = svgElement("text", { x, y, "font-size": 14, fill: "currentColor", "text-anchor": "middle" });
      made.textContent = content;
      svg.append(made);
    };
    for (const [start, end] of parts) {
      for (let x = start; x < end; x++) {
        const fill = isPadding(x) ? "#e0e0e0" : read.has(x) ? "#bbdefb" : "#ef9a9a";
        svg.append(svgElement("rect", { x: left(x), y: 0.5, width: cell, height: cell, fill, stroke: "#555" }));
      }
    }
    if (gap) text(left(parts[0][1] - 1) + cell * (1 + gap / 2), cell / 2 + 5, "\u22ef");
    drawn.forEach((taps, row) => {
      const y = cell + 6 + line * row + line / 2;
      if (taps === null) return text(centre(0), y + 5, "\u22ee");
      const [first, last] = [centre(taps[0]), centre(taps[taps.length - 1])];
      svg.append(svgElement("line", { x1: first, x2: last, y1: y, y2: y, stroke: "#e65100", "stroke-width": 1.5 }));
      const radius = Math.max(1.5, Math.min(4, cell / 4));
      for (const x of taps) svg.append(svgElement("circle", { cx: centre(x), cy: y, r: radius, fill: "#e65100" }));
    });
    const output = { y: outputsTop + 0.5, width: cell, height: cell, fill: "#ffb74d", stroke: "#555" };
    for (let i = 0; i < outputs; i++) {
      svg.append(svgElement("rect", { ...output, x: (i < 5 ? i : i + outputsGap) * cell + 0.5 }));
    }
    if (elided) text((5 + outputsGap / 2) * cell + 0.5, outputsTop + cell / 2 + 5, "\u22ef");
    const unread = [...Array(cells).keys()].filter((x) => !isPadding(x) && !read.has(x)).length;
    return "Grey: padding. Blue: input pixels. Orange: one line per window, a dot on each pixel it reads; " +
      `below, the ${count} output${count > 1 ? "s" : ""}.` +
      (elided ? ` Drawn: the first five and the last two of the ${count} windows and outputs` +
                (gap ? ", with \u22ef for the pixels between." : ".") : "") +
      (unread ? ` Red: ${unread} input pixel${unread > 1 ? "s" : ""} that no window reads; the floor in ` +
                "the formula drops the window that would not fit." : "");
  }

  // The formula, then the same with the reader's numbers, as TeX for KaTeX.
  function formula({ size: h, kernel_size: k, stride: s, padding: p, dilation: d }, { size, span }) {
    return String.raw`\begin{aligned} H_\text{out} &= \left\lfloor \frac{H + 2p - d(k-1) - 1}{s} \right\rfloor + 1 \\` +
      String.raw`&= \left\lfloor \frac{${h} + 2 \cdot ${p} - ${d} \cdot ${k - 1} - 1}{${s}} \right\rfloor + 1 \\` +
      String.raw`&= \left\lfloor \frac{${h + 2 * p - span}}{${s}} \right\rfloor + 1 = ${size} \end{aligned}`;
  }

  function element(tag, properties = {}, attributes = {}) {
    const made = Object.assign(document.createElement(tag), properties);
    for (const [key, value] of Object.entries(attributes)) made.setAttribute(key, value);
    return made;
  }

  function build(root) {
    const dataKey = (name) => name.replace(/_(\w)/g, (_, letter) => letter.toUpperCase()); // kernel_size: kernelSize
    const inputs = {};
    const form = element("form", { className: "ose-fields" });
    form.addEventListener("submit", (event) => event.preventDefault());
    for (const { name, label } of FIELDS) {
      const value = root.dataset[dataKey(name)] ?? SEED[name];
      inputs[name] = element("input", { type: "number", name, step: 1, value }, { inputmode: "numeric" });
      const field = element("label");
      field.append(element("span", { textContent: label }), inputs[name]);
      form.append(field);
    }
    const presets = element("div", { className: "ose-presets" });
    for (const [title, change] of PRESETS) {
      const button = element("button", { type: "button", textContent: title, className: "md-button" });
      button.addEventListener("click", () => {
        for (const [name, value] of Object.entries({ ...SEED, ...change })) inputs[name].value = value;
        update();
      });
      presets.append(button);
    }
    const size = element("strong", { className: "ose-size" }, { "data-output-size": "" });
    const result = element("p", { className: "ose-result" }, { "aria-live": "polite" });
    result.append("Output size: ", size);
    const error = element("p", { className: "ose-error", hidden: true }, { role: "alert" });
    const maths = element("div", { className: "ose-formula" });
    const svg = svgElement("svg", { class: "ose-windows", role: "img", "aria-label": "the windows along one row" });
    const caption = element("p", { className: "ose-caption" });
    root.replaceChildren(presets, form, result, error, maths, svg, caption);

    function update() {
      const values = Object.fromEntries(FIELDS.map(({ name }) => {
        const text = inputs[name].value.trim();
        return [name, text === "" ? NaN : Number(text)];
      }));
      const answer = outputSize(values);
      const valid = answer.reason === undefined;
      size.textContent = valid ? `${answer.size}` : "none";
      root.dataset.reason = valid ? "" : answer.reason;
      error.hidden = valid;
      error.textContent = valid ? "" : answer.message;
      maths.hidden = caption.hidden = !valid;
      svg.style.display = valid ? "" : "none"; // an SVG element has no `hidden` property
      if (!valid) return;
      if (window.katex) katex.render(formula(values, answer), maths, { displayMode: true, throwOnError: true });
      else maths.textContent = `H_out = floor((H + 2p - d(k-1) - 1) / s) + 1 = ${answer.size}`;
      caption.textContent = drawWindows(svg, values, answer.size, maths.clientWidth || root.clientWidth);
    }

    form.addEventListener("input", update);
    let width = root.clientWidth;
    new ResizeObserver(() => {
      if (root.clientWidth !== width) update(); // a turned phone: redraw to the new width (not on height changes)
      width = root.clientWidth;
    }).observe(root);
    update();
  }

  // document$ is Material's page-load observable: this also runs after instant navigation.
  document$.subscribe(({ body }) => body.querySelectorAll(".output-size-explorer").forEach(build));
})();
