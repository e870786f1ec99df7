/* The knowledge base's search client (cds_kb/search.py writes the index it reads).
 *
 * search.html?q=WORDS&type=TYPE shows the pages that match WORDS, best first:
 *   1. pages one of whose names (title, alias, translated title) is the query;
 *   2. then pages holding more of the query's words;
 *   3. then by score: for each word, the best way a page's term matches it
 *      (same stem 1, longer word 0.6, shorter stem 0.5, one typo 0.4), times the term's
 *      weight on the page (names >> headings >> body), times its rarity.
 * Words are folded (lower case, no accents) and stemmed with Snowball, as the index is.
 * Index files are scripts that call window.kbSearch: this works from disk and under a
 * strict Content-Security-Policy (no eval, no inline script, no WebAssembly).
 * When results are shown, the page fires "kb-search-done" on document (for measurements).
 */
(function () {
  "use strict";

  const form = document.getElementById("kb-search");
  if (!form) return;
  const input = document.getElementById("kb-search-query");
  const typeSelect = document.getElementById("kb-search-type");
  const status = document.getElementById("kb-search-status");
  const output = document.getElementById("search-results");
  const base = form.dataset.index;
  const PAGE_SIZE = 10;

  // --- loading index files: each is a script that hands its data to kbSearch ---------
  const waiting = {}; // file name -> {promise, resolve}
  const loaded = {}; // file name -> data
  function load(name) {
    if (!waiting[name]) {
      let resolve;
      const promise = new Promise((ok, fail) => {
        resolve = ok;
        const script = document.createElement("script");
        script.src = base + name + "?v=" + form.dataset.version;
        script.onerror = () => fail(new Error("cannot load " + name));
        document.head.appendChild(script);
      });
      waiting[name] = { promise, resolve };
    }
    return waiting[name].promise;
  }
  function arrived(name, data) {
    loaded[name] = data;
    load(name); // creates the entry when the file came without being asked for
    waiting[name].resolve(data);
  }
  window.kbSearch = {
    meta: (data) => arrived("meta.js", data),
    terms: (number, data) => arrived("terms-" + number + ".js", data),
    text: (docname, data) => arrived("text/" + docname + ".js", data),
  };

  // --- words: as cds_kb/search.py folds and stems them -------------------------------
  function fold(text) {
    return text.toLowerCase().replace(/œ/g, "oe").replace(/æ/g, "ae").replace(/ß/g, "ss")
      .normalize("NFD").replace(/[\u0300-\u036f]/g, "");
  }
  function words(text) {
    return (fold(text).match(/[a-z0-9]+/g) || []).filter((word) => word.length > 1);
  }
  function stem(word) {
    return window.kbStem ? window.kbStem.stemWord(word) : word;
  }
  function bucketOf(term, buckets) {
    let number = 0;
    for (const char of term.slice(0, 3)) number = (number * 31 + char.charCodeAt(0)) % 1000003;
    return number % buckets;
  }
  // True when a and b differ by one insertion, deletion, substitution or swap of neighbours.
  function oneEdit(a, b) {
    if (Math.abs(a.length - b.length) > 1 || a === b) return false;
    let i = 0;
    while (i < a.length && i < b.length && a[i] === b[i]) i++;
    if (a.length === b.length) {
      return a.slice(i + 1) === b.slice(i + 1) ||
        (a[i] === b[i + 1] && a[i + 1] === b[i] && a.slice(i + 2) === b.slice(i + 2));
    }
    return a.length > b.length ? a.slice(i + 1) === b.slice(i) : a.slice(i) === b.slice(i + 1);
  }

  // --- ranking -------------------------------------------------------------------------
  // How well index term `term` matches query word `word` (folded) whose stem is `stemmed`.
  function quality(term, word, stemmed) {
    if (term === stemmed) return 1;
    if (stemmed.length >= 3 && term.startsWith(stemmed)) return 0.6;
    if (term.length >= 4 && word.startsWith(term)) return 0.5;
    if (stemmed.length >= 4 && oneEdit(term, stemmed)) return 0.4;
    return 0;
  }

  async function search(query) {
    const meta = await load("meta.js");
    const pages = meta.pages;
    const stop = new Set(meta.stop);
    const all = words(query);
    const kept = all.filter((word) => !stop.has(word));
    const queryWords = kept.length ? kept : all;
    const buckets = new Set(queryWords.map((word) => bucketOf(stem(word), meta.buckets)));
    await Promise.all([...buckets].map((n) => load("terms-" + n + ".js")));

    const scores = new Map(); // page number -> {score, held: Set of query word numbers}
    queryWords.forEach((word, position) => {
      const stemmed = stem(word);
      const bucket = loaded["terms-" + bucketOf(stemmed, meta.buckets) + ".js"];
      const best = new Map(); // page -> best contribution for this word
      for (const term in bucket) {
        if (term.slice(0, 3) !== stemmed.slice(0, 3)) continue;
        const match = quality(term, word, stemmed);
        if (!match) continue;
        const postings = bucket[term];
        const rarity = Math.log(1 + pages.length / (postings.length / 2));
        let page = 0;
        for (let i = 0; i < postings.length; i += 2) {
          page += postings[i];
          const value = match * postings[i + 1] * rarity;
          if (value > (best.get(page) || 0)) best.set(page, value);
        }
      }
      best.forEach((value, page) => {
        const entry = scores.get(page) || { score: 0, held: new Set() };
        entry.score += value;
        entry.held.add(position);
        scores.set(page, entry);
      });
    });

    const folded = all.join(" ");
    const named = (page) => (words(pages[page][1]).join(" ") === folded || pages[page][3].includes(folded) ? 1 : 0);
    return [...scores.entries()]
      .map(([page, entry]) => ({ page, named: named(page), held: entry.held.size, score: entry.score }))
      .sort((a, b) => b.named - a.named || b.held - a.held || b.score - a.score)
      .map((result) => ({ ...result, url: pages[result.page][0], title: pages[result.page][1], type: pages[result.page][2] }));
  }

  // --- showing results -----------------------------------------------------------------
  function excerpt(text, query) {
    const targets = words(query).map(stem).filter((term) => term.length > 1);
    const foldedText = fold(text);
    let at = -1;
    for (const term of targets) {
      const found = foldedText.search(new RegExp("\\b" + term));
      if (found >= 0 && (at < 0 || found < at)) at = found;
    }
    const start = Math.max(0, at < 0 ? 0 : text.lastIndexOf(" ", Math.max(0, at - 60)));
    let end = Math.min(text.length, start + 220);
    if (end < text.length) end = text.lastIndexOf(" ", end) > start ? text.lastIndexOf(" ", end) : end;
    const shown = text.slice(start, end).replace(/\s+/g, " ").trim();
    const paragraph = document.createElement("p");
    paragraph.className = "kb-result-excerpt";
    if (start > 0) paragraph.append("… ");
    // Mark every word whose folded form starts with one of the query's stems.
    const foldedShown = fold(shown);
    const marks = [];
    for (const term of targets) {
      const pattern = new RegExp("\\b" + term + "[a-z0-9]*", "g");
      let match;
      while ((match = pattern.exec(foldedShown))) marks.push([match.index, match.index + match[0].length]);
    }
    marks.sort((a, b) => a[0] - b[0]);
    let position = 0;
    for (const [from, to] of marks) {
      if (from < position) continue;
      paragraph.append(shown.slice(position, from));
      const mark = document.createElement("mark");
      mark.textContent = shown.slice(from, to);
      paragraph.append(mark);
      position = to;
    }
    paragraph.append(shown.slice(position));
    if (end < text.length) paragraph.append(" …");
    return paragraph;
  }

  function label(template, values) {
    return template.replace(/\{(\w+)\}/g, (whole, key) => (key in values ? values[key] : whole));
  }

  function typeLabel(type) {
    const option = typeSelect.querySelector('option[value="' + type + '"]');
    return option ? option.textContent : type;
  }

  let searchNumber = 0;

  async function render(query, type, limit) {
    const number = ++searchNumber;
    const ranked = query.trim() ? await search(query) : [];
    if (number !== searchNumber) return; // a newer search has started
    const results = type ? ranked.filter((result) => result.type === type) : ranked;
    const visible = results.slice(0, limit);

    const list = document.createElement("ol");
    list.className = "kb-results";
    for (const result of visible) {
      const item = document.createElement("li");
      item.className = "kb-result";
      item.dataset.type = result.type;
      const kind = document.createElement("p");
      kind.className = "kb-result-type";
      kind.textContent = typeLabel(result.type);
      const heading = document.createElement("h2");
      heading.className = "kb-result-title";
      const link = document.createElement("a");
      link.href = result.url;
      link.textContent = result.title;
      heading.append(link);
      const placeholder = document.createElement("p");
      placeholder.className = "kb-result-excerpt";
      item.append(kind, heading, placeholder);
      list.append(item);
      // The excerpt follows when the page's text has arrived (at once when loaded before).
      load("text/" + result.url.replace(/\.html$/, "") + ".js")
        .then((text) => placeholder.replaceWith(excerpt(text, query)))
        .catch(() => placeholder.remove());
    }
    output.replaceChildren(list);
    if (results.length > visible.length) {
      const more = document.createElement("button");
      more.type = "button";
      more.className = "kb-more";
      more.textContent = form.dataset.more;
      more.addEventListener("click", () => render(query, type, limit + PAGE_SIZE).then(() => {
        const next = output.querySelectorAll(".kb-result a")[limit];
        if (next) next.focus();
      }));
      output.append(more);
    }
    output.dataset.query = query;
    const values = { query: query.trim(), count: results.length };
    status.textContent = !query.trim() ? form.dataset.empty
      : label(results.length === 0 ? form.dataset.none : results.length === 1 ? form.dataset.resultsOne : form.dataset.resultsMany, values);
    document.dispatchEvent(new CustomEvent("kb-search-done", { detail: { query, count: results.length } }));
  }

  // --- the form and the address: search.html?q=WORDS&type=TYPE -------------------------
  function run(push) {
    const query = input.value;
    const type = typeSelect.value;
    const params = new URLSearchParams();
    if (query) params.set("q", query);
    if (type) params.set("type", type);
    const address = location.pathname + (params.toString() ? "?" + params : "");
    if (push) history.pushState(null, "", address);
    else history.replaceState(null, "", address);
    return render(query, type, PAGE_SIZE).catch((error) => {
      status.textContent = String(error.message || error);
    });
  }

  function fromAddress() {
    const params = new URLSearchParams(location.search);
    input.value = params.get("q") || "";
    typeSelect.value = params.get("type") || "";
    if (typeSelect.selectedIndex < 0) typeSelect.value = "";
    run(false);
  }

  form.addEventListener("submit", (event) => {
    event.preventDefault();
    run(true);
  });
  input.addEventListener("input", () => run(false));
  typeSelect.addEventListener("change", () => run(false));
  window.addEventListener("popstate", fromAddress);
  if (new URLSearchParams(location.search).get("q")) status.textContent = form.dataset.loading;
  fromAddress();
})();
