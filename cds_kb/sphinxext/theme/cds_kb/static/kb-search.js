/* The knowledge base's search client (cds_kb/sphinxext/search.py writes the index it reads).
 *
 * search.html?q=WORDS&type=TYPE shows the pages that match WORDS, best first:
 *   1. pages one of whose names (title, alias, translated title) is the query;
 *   2. then pages holding more of the query's words exactly (the word or its stem):
 *      an approximate match never takes a place from an exact one;
 *   3. then pages matching more of the query's words at all: a longer word
 *      (partner -> partnerships), a shorter stem, or a typing mistake (one, two from
 *      eight letters, anywhere in the word);
 *   4. then by score: for each word, the best way a page's term matches it (same stem 1,
 *      longer word 0.6, shorter stem 0.5, one mistake 0.4, two 0.3), times the term's
 *      weight on the page (names >> headings >> body), times its rarity.
 * The maintainers' pages ("Maintaining this site") are left out unless the type filter asks
 * for them, or the query is about maintaining the site: it names one of them, or holds a
 * word only they hold (the index lists those words).
 * A query word no page holds is looked up with typing mistakes through the typo keys:
 * files listing the terms that share a pair of letters among their first ones. A query
 * without results offers "Did you mean ...?" from the index's own words.
 * Result links carry ?highlight=WORDS: kb-highlight.js marks them on the page.
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
  // Typing-mistake candidates kept per word: the closest, and those one mistake further.
  const MAX_CANDIDATES = 5;

  // --- loading index files: each is a script that hands its data to kbSearch ---------
  const waiting = {}; // file name -> {promise, resolve}
  function load(name) {
    if (!waiting[name]) {
      let resolve;
      const promise = new Promise((ok, fail) => {
        resolve = ok;
        const src = base + name + "?v=" + form.dataset.version;
        // The page itself loads meta.js: wait for it rather than load it twice.
        if ([...document.scripts].some((script) => script.getAttribute("src") === src)) return;
        const script = document.createElement("script");
        script.src = src;
        script.onerror = () => fail(new Error("cannot load " + name));
        document.head.appendChild(script);
      });
      waiting[name] = { promise, resolve, data: undefined };
    }
    return waiting[name].promise;
  }
  function loaded(name) {
    return waiting[name] ? waiting[name].data : undefined;
  }
  function arrived(name, data) {
    load(name); // creates the entry when the file came without being asked for
    waiting[name].data = data;
    waiting[name].resolve(data);
  }
  window.kbSearch = {
    meta: (data) => arrived("meta.js", data),
    terms: (number, entries, maintainers) => arrived("terms-" + number + ".js", { entries, maintainers: new Set(maintainers) }),
    keys: (number, keys) => arrived("keys-" + number + ".js", keys),
    postings: (term, list) => arrived("postings/" + term + ".js", list),
    text: (docname, text) => arrived("text/" + docname + ".js", text),
  };

  // --- words: as cds_kb/sphinxext/search.py folds, stems and keys them ----------------
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
  function hash(text, files) {
    let number = 0;
    for (const char of text.slice(0, 3)) number = (number * 31 + char.charCodeAt(0)) % 1000003;
    return number % files;
  }
  // Mistakes allowed between a word typed and a word of the index: one, two when either
  // has eight letters or more (and the word typed six: two letters dropped from eight);
  // none under three letters or in a number (2021 is no mistake for 2022).
  function editsAllowed(word, other = "") {
    if (/^[0-9]+$/.test(word) || word.length < 3) return 0;
    return word.length >= 8 || (other.length >= 8 && word.length >= 6) ? 2 : 1;
  }
  // The most mistakes any index word may be allowed with a word typed: what to look up.
  function editsLookedUp(word) {
    return editsAllowed(word, "x".repeat(8));
  }
  // Every ordered pair of letters among the first edits + 2: words within `edits`
  // mistakes of each other share one (search.py's typo_keys says why).
  function typoKeys(word, edits) {
    const head = word.slice(0, edits + 2);
    const keys = new Set();
    for (let i = 0; i < head.length; i++) for (let j = i + 1; j < head.length; j++) keys.add(head[i] + head[j]);
    if (!keys.size) keys.add(word);
    return keys;
  }
  // Insertions, deletions, substitutions and swaps of neighbours from a to b; limit + 1 past limit.
  function distance(a, b, limit) {
    if (Math.abs(a.length - b.length) > limit) return limit + 1;
    let before = null;
    let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
    for (let i = 1; i <= a.length; i++) {
      const current = [i];
      let smallest = i;
      for (let j = 1; j <= b.length; j++) {
        let value = Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
        if (before && i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) value = Math.min(value, before[j - 2] + 1);
        current.push(value);
        smallest = Math.min(smallest, value);
      }
      if (smallest > limit) return limit + 1;
      before = previous;
      previous = current;
    }
    return Math.min(previous[b.length], limit + 1);
  }

  // --- the index -------------------------------------------------------------------------
  let index = null;
  async function getIndex() {
    const meta = await load("meta.js");
    if (!index) {
      // Page names come front-coded: letters shared with the previous name, then the rest.
      const docnames = [];
      let previous = "";
      for (let i = 0; i < meta.pages.length; i += 2) {
        previous = previous.slice(0, meta.pages[i]) + meta.pages[i + 1];
        docnames.push(previous);
      }
      index = { meta, docnames, stop: new Set(meta.stop) };
    }
    return index;
  }
  function typeOf(page) {
    return index.meta.types[parseInt(index.meta.kinds[page], 36)];
  }
  function bucketFile(term) {
    return "terms-" + hash(term, index.meta.buckets) + ".js";
  }
  function entryOf(term) {
    const bucket = loaded(bucketFile(term));
    return bucket ? bucket.entries[term] : undefined;
  }
  // A term most pages hold has its postings in a file of its own (its bucket says "@").
  function ownFile(term) {
    const entry = entryOf(term);
    return typeof entry === "string" ? "postings/" + term + ".js" : null;
  }
  async function loadPostings(terms) {
    await Promise.all([...new Set(terms.map(ownFile).filter(Boolean))].map(load));
  }
  // A term's postings, loaded: [page, weight] pairs.
  function postingsOf(term) {
    const file = ownFile(term);
    return postings(file ? loaded(file) : entryOf(term));
  }
  // Postings as search.py's _postings writes them.
  function postings(list) {
    const found = [];
    let page = 0;
    for (let i = typeof list[0] === "string" ? 1 : 0; i < list.length; i++) {
      if (list[i] < 0) {
        page += -list[i] - 1;
        found.push([page, list[++i]]);
      } else {
        page += list[i];
        found.push([page, 1]);
      }
    }
    return found;
  }
  // The word a term stands for, as the pages write it (accents kept).
  const surfaces = new Map();
  function surface(term) {
    if (!surfaces.has(term)) {
      const entry = entryOf(term);
      // "KEPTrest": what to keep of the term, then what follows ("@" first: own file).
      const coded = typeof entry === "string" ? entry.slice(1) : entry && typeof entry[0] === "string" ? entry[0] : "";
      const kept = parseInt(coded, 10);
      surfaces.set(term, Number.isNaN(kept) ? term : term.slice(0, kept) + coded.slice(String(kept).length));
    }
    return surfaces.get(term);
  }

  // How index term `term` approximately matches a query word: 0 when it does not. Typing
  // mistakes are counted between the stems, and between the word typed and the word the
  // term stands for (consulting for consult): the words' length sets how many are allowed.
  function approximate(term, query, more = 0) {
    if (term === query.stem || term[0] === "=") return 0;
    if (query.stem.length >= 2 && term.startsWith(query.stem)) return 0.6;
    if (term.length >= 4 && query.word.startsWith(term)) return 0.5;
    return byMistakes(mistakes(fold(surface(term)), term, query, more));
  }
  function byMistakes(away) {
    return away === 1 ? 0.4 : away === 2 ? 0.3 : away === 3 ? 0.2 : 0;
  }
  // Mistakes between a query word and an index word (folded) and its term: the fewer of
  // word to word and stem to stem, each within what their lengths allow (plus `more`);
  // Infinity past that.
  function mistakes(word, term, query, more = 0) {
    const byWord = editsAllowed(query.word, word) + (query.word.length >= 3 ? more : 0);
    const byStem = editsAllowed(query.stem, term) + (query.stem.length >= 3 ? more : 0);
    const byWords = byWord ? distance(word, query.word, byWord) : Infinity;
    const byStems = byStem ? distance(term, query.stem, byStem) : Infinity;
    return Math.min(byWords <= byWord ? byWords : Infinity, byStems <= byStem ? byStems : Infinity);
  }

  // Index words sharing a typo key with the word (the key files list the words, folded),
  // within the mistakes allowed, closest first, as [term, mistakes]; loads their buckets.
  async function typoCandidates(query, more = 0) {
    const edits = query.edits + more;
    const keys = new Set([...typoKeys(query.stem, edits), ...typoKeys(query.word, edits)]);
    const files = new Set([...keys].map((key) => "keys-" + hash(key, index.meta.keys) + ".js"));
    await Promise.all([...files].map(load));
    const found = new Map(); // term -> mistakes
    for (const key of keys) {
      const listed = loaded("keys-" + hash(key, index.meta.keys) + ".js")[key];
      if (!listed) continue;
      for (const word of listed.split(" ")) {
        const term = stem(word);
        if (found.has(term) || term === query.stem) continue;
        const away = mistakes(word, term, query, more);
        if (away !== Infinity) found.set(term, away);
      }
    }
    const sorted = [...found.entries()].sort((a, b) => a[1] - b[1] || b[0].length - a[0].length || a[0].localeCompare(b[0]));
    const closest = sorted.filter(([, away]) => away <= sorted[0][1] + 1).slice(0, MAX_CANDIDATES);
    await Promise.all([...new Set(closest.map(([term]) => bucketFile(term)))].map(load));
    return closest.filter(([term]) => entryOf(term) !== undefined);
  }

  async function search(query) {
    await getIndex();
    const all = words(query);
    const kept = all.filter((word) => !index.stop.has(word));
    const queries = (kept.length ? kept : all).map((word) => ({ word, stem: stem(word), edits: editsLookedUp(word) }));
    await Promise.all([...new Set(queries.map((q) => bucketFile(q.stem)))].map(load));

    // Each word's matching terms: term -> quality.
    for (const q of queries) {
      q.matches = new Map();
      const held = entryOf(q.stem);
      if (held) {
        q.matches.set(q.stem, 1);
        await loadPostings([q.stem]);
      }
      // A word only maintainers' pages hold, yet not one of their words, is a misspelling
      // they show (search.md's examples): for a searcher, a word no page holds.
      q.exact = held !== undefined && (loaded(bucketFile(q.stem)).maintainers.has(q.stem) ||
        postingsOf(q.stem).some(([page]) => typeOf(page) !== "maintaining"));
      for (const term in loaded(bucketFile(q.stem)).entries) {
        if (term.slice(0, 2) !== q.stem.slice(0, 2) && !q.word.startsWith(term)) continue;
        const quality = approximate(term, q);
        if (quality) q.matches.set(term, quality);
      }
    }
    // A word no page holds: its typing mistakes, the first letters included.
    await Promise.all(queries.filter((q) => !q.exact && q.edits).map(async (q) => {
      for (const [term, away] of await typoCandidates(q)) {
        const quality = Math.max(approximate(term, q), byMistakes(away));
        if (quality && !q.matches.has(term)) q.matches.set(term, quality);
      }
    }));

    await loadPostings(queries.flatMap((q) => [...q.matches.keys()]));
    const pages = index.docnames.length;
    const scores = new Map(); // page -> {score, exact, held, terms}
    queries.forEach((q, position) => {
      const best = new Map(); // page -> {value, term, exact}
      q.matches.forEach((quality, term) => {
        const found = postingsOf(term);
        const rarity = Math.log(1 + pages / found.length);
        for (const [page, weight] of found) {
          const value = quality * weight * rarity;
          const previous = best.get(page);
          // An exact match of the word counts before any approximate one, whatever its weight.
          if (!previous || (quality === 1 && !previous.exact) || (value > previous.value && (quality === 1) === previous.exact)) {
            best.set(page, { value, term, exact: quality === 1 });
          }
        }
      });
      best.forEach((match, page) => {
        let entry = scores.get(page);
        if (!entry) scores.set(page, (entry = { score: 0, exact: 0, held: 0, terms: [], stems: [] }));
        entry.score += match.value;
        entry.held += 1;
        if (match.exact) entry.exact += 1;
        // The words the page is marked with when opened (the word typed, or the word matched).
        entry.terms[position] = match.exact ? q.word : match.term;
        entry.stems.push(match.term);
      });
    });

    // Pages named by the query: their names are in the bucket of the name's first word.
    // Then, when no page is, pages named by the query with its mistakes corrected (each word
    // that no page holds replaced by the word of its closest term).
    const named = new Map(); // page -> 2 named by the query, 1 by the corrected query
    const nameOf = (text) => {
      const folded = words(text);
      const first = folded.find((word) => !index.stop.has(word)) || folded[0];
      const bucket = first && loaded(bucketFile(stem(first)));
      return bucket && bucket.entries["=" + folded.join(" ")];
    };
    const exactName = nameOf(all.join(" "));
    if (exactName) for (const [page] of postings(exactName)) named.set(page, 2);
    if (!named.size && queries.some((q) => !q.exact && q.matches.size)) {
      const corrected = all.map((word) => {
        const q = queries.find((query) => query.word === word);
        // Short words (acronyms) have too many neighbours to be corrected with confidence.
        if (!q || q.exact || !q.matches.size || word.length < 4) return word;
        const [term] = [...q.matches.entries()].sort((a, b) => b[1] - a[1] || postingsOf(b[0]).length - postingsOf(a[0]).length)[0];
        return fold(surface(term));
      });
      const correctedName = nameOf(corrected.join(" "));
      if (correctedName) for (const [page] of postings(correctedName)) named.set(page, 1);
    }
    const aboutMaintaining = [...named.keys()].some((page) => typeOf(page) === "maintaining") ||
      queries.some((q) => q.exact && loaded(bucketFile(q.stem)).maintainers.has(q.stem));
    named.forEach((_, page) => { if (!scores.has(page)) scores.set(page, { score: 0, exact: 0, held: 0, terms: [], stems: [] }); });

    const ranked = [];
    scores.forEach((entry, page) => {
      entry.page = page;
      entry.named = named.get(page) || 0;
      entry.type = typeOf(page);
      entry.docname = index.docnames[page];
      ranked.push(entry);
    });
    ranked.sort((a, b) => b.named - a.named || b.exact - a.exact || b.held - a.held || b.score - a.score);
    return { ranked, queries, aboutMaintaining };
  }

  // "Did you mean ...?": each word that matched no page shown, replaced by the index's
  // closest word on a page that can be shown (fewest mistakes, one more than searching
  // allows; then the word most pages hold). Null when no word changes.
  async function suggestion(queries, shown) {
    let changed = false;
    const parts = await Promise.all(queries.map(async (q) => {
      if (q.word.length < 3 || /^[0-9]+$/.test(q.word)) return q.word;
      if ([...q.matches.keys()].some((term) => postingsOf(term).some(([page]) => shown(page)))) return q.word;
      let best = null;
      const candidates = await typoCandidates(q, 1);
      await loadPostings(candidates.map(([term]) => term));
      for (const [term, mistaken] of candidates) {
        // A word only maintainers' pages hold makes the corrected query about maintaining.
        const theirs = loaded(bucketFile(term)).maintainers.has(term);
        const pages = postingsOf(term).filter(([page]) => theirs || shown(page)).length;
        // Fewest mistakes first, then closest to the word typed, then the word most pages hold.
        const away = [mistaken, distance(fold(surface(term)), q.word, 9), -pages];
        const closer = best && away.findIndex((value, i) => value !== best.away[i]);
        if (pages && (!best || (closer >= 0 && away[closer] < best.away[closer]))) best = { term, away };
      }
      if (!best) return q.word;
      changed = true;
      return surface(best.term);
    }));
    return changed ? parts.join(" ") : null;
  }

  // --- showing results -----------------------------------------------------------------
  // An excerpt of a page's text around the first word found, each word found marked: a
  // word is found when its stem is one of the terms the page matched (as kb-highlight.js
  // marks them on the page itself).
  function excerpt(text, stems) {
    const targets = new Set(stems);
    const found = (word) => {
      const folded = fold(word);
      return folded.length > 1 && /^[a-z0-9]+$/.test(folded) && targets.has(stem(folded));
    };
    const wordsOf = (part) => [...part.matchAll(/[\p{L}\p{N}]+/gu)];
    const first = wordsOf(text).find((match) => found(match[0]));
    const at = first ? first.index : -1;
    const start = Math.max(0, at < 0 ? 0 : text.lastIndexOf(" ", Math.max(0, at - 60)));
    let end = Math.min(text.length, start + 220);
    if (end < text.length) end = text.lastIndexOf(" ", end) > start ? text.lastIndexOf(" ", end) : end;
    const shown = text.slice(start, end).replace(/\s+/g, " ").trim();
    const paragraph = document.createElement("p");
    paragraph.className = "kb-result-excerpt";
    if (start > 0) paragraph.append("… ");
    let position = 0;
    for (const match of wordsOf(shown)) {
      if (!found(match[0])) continue;
      paragraph.append(shown.slice(position, match.index));
      const mark = document.createElement("mark");
      mark.textContent = match[0];
      paragraph.append(mark);
      position = match.index + match[0].length;
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

  // "Did you mean “WORDS”?" with WORDS a link to their search.
  function suggestionParagraph(words, type) {
    const paragraph = document.createElement("p");
    paragraph.className = "kb-suggestion";
    const [before, after] = form.dataset.suggestion.split("{suggestion}");
    const link = document.createElement("a");
    const params = new URLSearchParams({ q: words });
    if (type) params.set("type", type);
    link.href = "?" + params;
    link.textContent = words;
    link.addEventListener("click", (event) => {
      event.preventDefault();
      input.value = words;
      run(true);
    });
    paragraph.append(before, link, after || "");
    return paragraph;
  }

  let searchNumber = 0;
  let excerpts = null; // watches the excerpts still to load
  const EAGER_EXCERPTS = 4;

  // The excerpt follows when the page's text has arrived (at once when loaded before).
  function fillExcerpt(placeholder) {
    const result = placeholder.kbResult;
    load("text/" + result.docname + ".js")
      .then((text) => placeholder.replaceWith(excerpt(text, result.stems || [])))
      .catch(() => placeholder.remove());
  }

  async function render(query, type, limit) {
    const number = ++searchNumber;
    const found = query.trim() ? await search(query) : { ranked: [], queries: [], aboutMaintaining: false };
    if (number !== searchNumber) return; // a newer search has started
    const shown = (page) => (type ? typeOf(page) === type : typeOf(page) !== "maintaining" || found.aboutMaintaining);
    const results = found.ranked.filter((result) => shown(result.page));
    const visible = results.slice(0, limit);
    const offered = results.length ? null : await suggestion(found.queries, shown);
    if (number !== searchNumber) return;

    const list = document.createElement("ol");
    list.className = "kb-results";
    if (excerpts) excerpts.disconnect();
    // Excerpts: the page's text is loaded for the first four results at once, for the others
    // when they come near the screen (a first search downloads less).
    excerpts = new IntersectionObserver((entries) => entries.forEach((entry) => {
      if (entry.isIntersecting) {
        excerpts.unobserve(entry.target);
        fillExcerpt(entry.target);
      }
    }), { rootMargin: "200px" });
    visible.forEach((result, position) => {
      const address = index.meta.addresses[result.page] || result.docname + index.meta.suffix;
      const item = document.createElement("li");
      item.className = "kb-result";
      item.dataset.type = result.type;
      const kind = document.createElement("p");
      kind.className = "kb-result-type";
      kind.textContent = typeLabel(result.type);
      const heading = document.createElement("h2");
      heading.className = "kb-result-title";
      const link = document.createElement("a");
      const marked = result.terms.filter(Boolean).map((term) => (result.stems.includes(term) ? surface(term) : term));
      link.href = address + (marked.length ? "?highlight=" + encodeURIComponent(marked.join(" ")) : "");
      link.textContent = index.meta.titles[result.page];
      heading.append(link);
      const placeholder = document.createElement("p");
      placeholder.className = "kb-result-excerpt";
      placeholder.kbResult = result;
      item.append(kind, heading, placeholder);
      list.append(item);
      if (position < EAGER_EXCERPTS) fillExcerpt(placeholder);
      else excerpts.observe(placeholder);
    });
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
    if (offered) output.append(suggestionParagraph(offered, type));
    output.dataset.query = query;
    const values = { query: query.trim(), count: results.length };
    status.textContent = !query.trim() ? form.dataset.empty
      : label(results.length === 0 ? form.dataset.none : results.length === 1 ? form.dataset.resultsOne : form.dataset.resultsMany, values) +
        (offered ? " " + label(form.dataset.suggestion, { suggestion: offered }) : "");
    document.dispatchEvent(new CustomEvent("kb-search-done", { detail: { query, count: results.length, suggestion: offered } }));
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
