// What a reader cannot read on this page, as a list of sentences (empty: none). Run by test_site_reading.py.
//
// 1. Raw TeX: every details block opened and every tab shown, the visible text of the article (code and
//    KaTeX's hidden copy for screen readers left out) holds no \frac, \left, \lfloor, $$, \( or \[.
// 2. Code at this width: a code block wider than its box scrolls in that box and shows a cue (a shadow at
//    the edge, a background gradient) that more is hidden; no control (the copy button) covers its text.
() => {
  const problems = [];
  const article = document.querySelector("article.md-content__inner");
  for (const details of article.querySelectorAll("details")) details.open = true;
  for (const tab of article.querySelectorAll(".tabbed-block, .tabbed-content")) tab.style.display = "block";

  const copy = article.cloneNode(true);
  for (const hidden of copy.querySelectorAll(".katex-mathml, pre, code, script, style")) hidden.remove();
  const text = copy.textContent;
  for (const tex of ["\\frac", "\\left", "\\lfloor", "$$", "\\(", "\\["]) {
    const at = text.indexOf(tex);
    if (at >= 0) {
      problems.push(`raw TeX ${tex} in the text: "${text.slice(Math.max(0, at - 30), at + 50).replace(/\s+/g, " ")}"`);
    }
  }

  const range = document.createRange();
  for (const code of article.querySelectorAll("pre > code")) {
    const box = code.getBoundingClientRect();
    if (box.width < 1) continue;
    const style = getComputedStyle(code);
    if (code.scrollWidth > code.clientWidth + 1) {
      if (!["auto", "scroll"].includes(style.overflowX)) {
        problems.push(`a code block is cut at its edge and does not scroll: "${code.textContent.slice(0, 40)}"`);
      } else if (!style.backgroundImage.includes("gradient")) {
        problems.push(`a code block scrolls with no cue that it does: "${code.textContent.slice(0, 40)}"`);
      }
    }
    for (const control of code.parentElement.querySelectorAll("button, .md-clipboard, .md-code__button")) {
      const c = control.getBoundingClientRect();
      if (c.width < 1 || getComputedStyle(control).visibility === "hidden") continue;
      const walker = document.createTreeWalker(code, NodeFilter.SHOW_TEXT);
      let covered = null;
      while (!covered && walker.nextNode()) {
        const node = walker.currentNode;
        if (!node.data.trim()) continue;
        range.selectNodeContents(node);
        for (const r of range.getClientRects()) {
          const visible = r.right > box.left && r.left < box.right; // scrolled out of the box: not covered
          if (visible && r.left < c.right && r.right > c.left && r.top < c.bottom && r.bottom > c.top) {
            covered = node.data.trim().slice(0, 30);
          }
        }
      }
      if (covered) problems.push(`a ${control.className || control.tagName} covers code: "${covered}"`);
    }
  }
  return problems;
}
