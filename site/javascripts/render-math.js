// Render the math that pymdownx.arithmatex wrapped in \( \) and \[ \], with the site's own KaTeX.
// document$ is Material's page-load observable, so this also runs after instant navigation.
document$.subscribe(({ body }) => {
  renderMathInElement(body, {
    delimiters: [
      { left: "\\(", right: "\\)", display: false },
      { left: "\\[", right: "\\]", display: true },
    ],
    throwOnError: true,
  });
});
