// What a reader would lose on this page at the current screen width, as a list of sentences (empty: none).
// Run in the page by test_site_layout.py; kept in its own file so that it reads as JavaScript.
//
// 1. The page as a whole must not scroll sideways.
// 2. Nothing in the article may be out of reach: a part left of the start of its scroll box (a centred
//    formula wider than its box loses its left end there), or outside a box that clips without scrolling
//    (the page itself clips at the screen's edges).
// 3. No name in code and no word in a table may break inside itself across two lines ("in_chan-nels").
// 4. No line may start with the comma or full stop that follows a formula.
() => {
  const problems = [];
  const root = document.documentElement;
  if (root.scrollWidth > root.clientWidth) {
    problems.push(`the page scrolls sideways: ${root.scrollWidth} px wide on a ${root.clientWidth} px screen`);
  }
  if (window.innerWidth !== root.clientWidth) {
    problems.push(`the screen was zoomed out to ${window.innerWidth} px to fit the page`);
  }
  const article = document.querySelector("article.md-content__inner");
  const describe = (element) => {
    const text = (element.innerText || element.textContent || "").trim().replace(/\s+/g, " ");
    return `<${element.tagName.toLowerCase()} class="${element.className}"> "${text.slice(0, 60)}"`;
  };

  // The nearest ancestor that clips or scrolls sideways; null when only the page (root) does.
  const boxOf = (element) => {
    for (let box = element.parentElement; box && box !== root && box !== document.body; box = box.parentElement) {
      if (getComputedStyle(box).overflowX !== "visible") return box;
    }
    return null;
  };

  for (const element of article.querySelectorAll("*")) {
    if (element.closest(".katex-mathml")) continue; // KaTeX's copy for screen readers, hidden on purpose
    if (element.parentElement.closest("svg")) continue; // a drawing's parts: the drawing's own box is checked
    const rect = element.getBoundingClientRect();
    if (rect.width < 1 || rect.height < 1) continue;
    const box = boxOf(element);
    if (box === null) {
      if (rect.left < -1 || rect.right > root.clientWidth + 1) {
        problems.push(`${describe(element)} spans ${Math.round(rect.left)}..${Math.round(rect.right)} px, ` +
                      `off a ${root.clientWidth} px screen`);
      }
      continue;
    }
    const boxRect = box.getBoundingClientRect();
    const start = boxRect.left + box.clientLeft - box.scrollLeft; // the left end of what the box can show
    if (rect.left < start - 1) {
      problems.push(`${describe(element)} starts ${Math.round(start - rect.left)} px before its scroll box can show`);
    }
    const scrolls = ["auto", "scroll"].includes(getComputedStyle(box).overflowX);
    if (!scrolls && rect.right > boxRect.right + 1) {
      problems.push(`${describe(element)} is clipped by its box, which does not scroll`);
    }
  }

  // Line breaks inside a name or a word, found character by character.
  const range = document.createRange();
  const midWordBreaks = (container, inCode) => {
    // Math is KaTeX's to break: inside it, characters sit in boxes of their own.
    const outsideMath = (node) =>
      node.parentElement.closest(".katex") ? NodeFilter.FILTER_REJECT : NodeFilter.FILTER_ACCEPT;
    const walker = document.createTreeWalker(container, NodeFilter.SHOW_TEXT, { acceptNode: outsideMath });
    const allowedAfter = inCode ? /\s/ : /[\s\-–—\/]/;
    let before = null; // the last character that was laid out, and the line it sits on
    let spaceSince = false; // a (collapsed) space lies between that character and the next
    const found = [];
    while (walker.nextNode()) {
      const node = walker.currentNode;
      for (let i = 0; i < node.data.length; i++) {
        const character = node.data[i];
        if (/\s/.test(character)) { spaceSince = true; continue; }
        range.setStart(node, i);
        range.setEnd(node, i + 1);
        const rects = range.getClientRects();
        if (rects.length === 0) continue;
        const top = rects[rects.length - 1].top;
        if (before && top > before.top + 2 && !spaceSince && !allowedAfter.test(before.character)) {
          found.push(`"${node.data.slice(Math.max(0, i - 12), i)}|${node.data.slice(i, i + 12)}"`);
        }
        before = { character, top };
        spaceSince = false;
      }
    }
    return found;
  };
  for (const code of article.querySelectorAll("code")) {
    if (code.closest("pre") || code.getClientRects().length < 2) continue; // on one line: nothing to break
    for (const at of midWordBreaks(code, true)) problems.push(`a name in code breaks inside itself: ${at}`);
  }
  for (const cell of article.querySelectorAll("td, th")) {
    for (const at of midWordBreaks(cell, false)) problems.push(`a word in a table breaks inside itself: ${at}`);
  }

  for (const math of article.querySelectorAll("span.arithmatex")) {
    const after = math.nextSibling;
    if (after?.nodeType !== Node.TEXT_NODE || !/^[,.;:!?)]/.test(after.data)) continue;
    range.setStart(after, 0);
    range.setEnd(after, 1);
    const mathLines = math.getClientRects();
    const punctuation = range.getClientRects()[0];
    if (punctuation && punctuation.top > mathLines[mathLines.length - 1].bottom - 2) {
      problems.push(`a line starts with the "${after.data[0]}" after ${describe(math)}`);
    }
  }
  return problems;
}
