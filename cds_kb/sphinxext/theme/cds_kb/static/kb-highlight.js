/* Marks on a page the words of the search that led to it (?highlight=WORDS on the result
 * links of kb-search.js, as Sphinx and Material for MkDocs do), replacing Sphinx's
 * sphinx_highlight.js, which matched letters only (no accents folded, no stems).
 *
 * Every page loads this file; without the parameter it stops at its first line. With it,
 * it loads the language's stemmer (the search index's), marks in the page's main content
 * each word that has the stem of a searched word with <mark class="kb-highlight">
 * (coloured and underlined, framed where colours are forced: not by colour alone), and
 * shows a note above the content (role="status": screen readers announce it) naming the
 * words, with a button that removes the marks. Its labels come from the note's data-
 * attributes (the page template, translated): no inline script or style.
 */
(function () {
  "use strict";

  const wanted = new URLSearchParams(location.search).get("highlight");
  if (!wanted) return;
  const script = document.currentScript;
  const note = document.getElementById("kb-highlight-note");
  const main = document.getElementById("furo-main-content");
  if (!script || !note || !main) return;

  function fold(text) {
    return text.toLowerCase().replace(/œ/g, "oe").replace(/æ/g, "ae").replace(/ß/g, "ss")
      .normalize("NFD").replace(/[\u0300-\u036f]/g, "");
  }
  const shown = [...new Set(wanted.split(/\s+/).filter((word) => fold(word).length > 1))].slice(0, 10);
  if (!shown.length) return;

  function mark(stemOf) {
    const targets = new Set(shown.map((word) => stemOf(fold(word))));
    const found = new Map(); // word as written -> marked or not
    const walker = document.createTreeWalker(main, NodeFilter.SHOW_TEXT, {
      acceptNode: (node) => (node.parentElement.closest("script, style, textarea, mark, .kb-highlight-note")
        ? NodeFilter.FILTER_REJECT : NodeFilter.FILTER_ACCEPT),
    });
    const texts = [];
    while (walker.nextNode()) texts.push(walker.currentNode);
    let marks = 0;
    for (const node of texts) {
      const text = node.nodeValue;
      const pieces = [];
      for (const match of text.matchAll(/[\p{L}\p{N}]+/gu)) {
        let hit = found.get(match[0]);
        if (hit === undefined) {
          const folded = fold(match[0]);
          hit = folded.length > 1 && /^[a-z0-9]+$/.test(folded) && targets.has(stemOf(folded));
          found.set(match[0], hit);
        }
        if (hit) pieces.push([match.index, match.index + match[0].length]);
      }
      if (!pieces.length) continue;
      const fragment = document.createDocumentFragment();
      let at = 0;
      for (const [from, to] of pieces) {
        fragment.append(text.slice(at, from));
        const element = document.createElement("mark");
        element.className = "kb-highlight";
        element.textContent = text.slice(from, to);
        fragment.append(element);
        at = to;
      }
      fragment.append(text.slice(at));
      node.replaceWith(fragment);
      marks += pieces.length;
    }
    if (marks) showNote();
  }

  function showNote() {
    const message = document.createElement("p");
    message.textContent = note.dataset.note.replace("{words}", shown.join(", "));
    const remove = document.createElement("button");
    remove.type = "button";
    remove.textContent = note.dataset.remove;
    remove.addEventListener("click", () => {
      for (const element of main.querySelectorAll("mark.kb-highlight")) element.replaceWith(element.textContent);
      main.normalize();
      note.hidden = true;
      note.replaceChildren();
      const address = new URL(location.href);
      address.searchParams.delete("highlight");
      history.replaceState(history.state, "", address);
    });
    note.replaceChildren(message, remove);
    note.hidden = false;
  }

  // The stemmer the search index uses, beside it in _static/kb-search/.
  const stemmer = document.createElement("script");
  stemmer.src = script.src.replace(/kb-highlight\.js(\?.*)?$/, "kb-search/stemmer.js");
  stemmer.onload = () => mark((word) => (window.kbStem ? window.kbStem.stemWord(word) : word));
  stemmer.onerror = () => mark((word) => word);
  document.head.append(stemmer);
})();
