/*
 * The archive's search, in the browser: reads the static index that
 * generator/search/index.py writes under search/ and answers a query with
 * every matching letter, exact facet counts over the whole archive, and
 * exact date order (letters are numbered oldest first).
 *
 * Two views share it: quick results under the header's search box, and the
 * search page (search/?q=…&order=…&<facet>=<value>), which restores a search
 * from its URL. Record text only ever reaches the page as textContent.
 */
(function () {
  "use strict";

  var FORMAT = 1;
  var PAGE_SIZE = 10;
  var QUICK_SIZE = 5;
  var PREFIX_MIN = 3;
  var PREFIX_FILES = 8;
  var K1 = 1.2, B = 0.75, PREFIX_WEIGHT = 0.7;
  var MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September",
    "October", "November", "December"];

  var script = document.currentScript;
  var ROOT = new URL(script.getAttribute("data-root") || "./", document.baseURI);
  var INDEX = new URL("search/", ROOT);

  // ---------------------------------------------------------------- words

  /** The same rule as generator/search/tokens.py: decompose, drop marks, lower-case, runs of letters and digits. */
  function words(text) {
    var folded = String(text).normalize("NFKD").replace(/\p{M}/gu, "").toLowerCase();
    return (folded.match(/[\p{L}\p{N}]+/gu) || []).map(function (w) { return w.slice(0, 40); });
  }

  // ---------------------------------------------------------------- files

  var files = new Map();

  function fetched(url, options) {
    return fetch(url, options).then(function (response) {
      if (!response.ok) { throw new Error("search index: " + url + " answered " + response.status); }
      return response;
    });
  }

  /** A .bin file of the index, as text: gzip unless the host already decoded it. */
  function binary(name) {
    if (!files.has(name)) {
      files.set(name, fetched(new URL(name, INDEX)).then(function (r) { return r.arrayBuffer(); }).then(function (buffer) {
        var bytes = new Uint8Array(buffer);
        if (bytes[0] !== 0x1f || bytes[1] !== 0x8b) { return new TextDecoder().decode(bytes); }
        var stream = new Blob([bytes]).stream().pipeThrough(new DecompressionStream("gzip"));
        return new Response(stream).text();
      }));
    }
    return files.get(name);
  }

  function json(name) { return binary(name).then(JSON.parse); }

  var opened = null;

  /** meta.json (never from a stale cache), then the index file it names: every other file, facet names, lengths. */
  function openIndex() {
    if (!opened) {
      opened = fetched(new URL("meta.json", INDEX), { cache: "no-cache" }).then(function (r) { return r.json(); })
        .then(function (meta) {
          if (meta.format !== FORMAT) { throw new Error("search index of format " + meta.format + ", expected " + FORMAT); }
          return json(meta.index).then(function (directory) {
            directory.documents = meta.documents;
            return { meta: directory, table: { lengths: directory.lengths, facets: null } };
          });
        });
      opened.catch(function () { opened = null; });
    }
    return opened;
  }

  /** The facet table, read the first time a search has filters or shows counts (quick results need neither). */
  function facetTable(index) {
    if (!index.facets) {
      index.facets = json(index.meta.values).then(function (values) {
        index.table.facets = perLetter(values, index.meta.documents);
        return index.table.facets;
      });
      index.facets.catch(function () { index.facets = null; });
    }
    return index.facets;
  }

  /** Every facet as each letter's value numbers ("of"); a facet stored by value ("letters") is turned round. */
  function perLetter(values, count) {
    Object.keys(values).forEach(function (name) {
      var facet = values[name];
      if (facet.of) { return; }
      var of = new Array(count);
      for (var n = 0; n < count; n++) { of[n] = []; }
      facet.letters.forEach(function (gaps, value) {
        var id = 0;
        for (var i = 0; i < gaps.length; i++) { id += gaps[i]; of[id].push(value); }
      });
      facet.of = of;
    });
    return values;
  }

  // ---------------------------------------------------------------- the index

  /** The number of the term file whose range holds `word` (files start at meta.terms[i][0]). */
  function termFile(meta, word) {
    var low = 0, high = meta.terms.length - 1;
    while (low < high) {
      var middle = (low + high + 1) >> 1;
      if (meta.terms[middle][0] <= word) { low = middle; } else { high = middle - 1; }
    }
    return low;
  }

  /** The index's words that a query word matches: itself, and (from PREFIX_MIN letters) the words it begins. */
  function expansions(meta, word) {
    if (!meta.terms.length) { return Promise.resolve([]); }
    var first = termFile(meta, word);
    var last = word.length >= PREFIX_MIN ? termFile(meta, word + "\uffff") : first;
    // A prefix spread over more files than PREFIX_FILES (two or three letters of a common stem) is matched
    // as a whole word only: reading them all would cost more than the answer is worth.
    var prefix = last - first < PREFIX_FILES;
    if (!prefix) { last = first; }
    var loads = [];
    for (var n = first; n <= last; n++) { loads.push(json(meta.terms[n][1])); }
    return Promise.all(loads).then(function (shards) {
      var found = [];
      shards.forEach(function (shard) {
        Object.keys(shard).forEach(function (term) {
          if (term === word || (prefix && word.length >= PREFIX_MIN && term.lastIndexOf(word, 0) === 0)) {
            found.push({ term: term, entry: shard[term], weight: term === word ? 1 : PREFIX_WEIGHT });
          }
        });
      });
      return found;
    });
  }

  /** Every letter matching every word of `query`, with its relevance; null for an empty query (all letters). */
  function matching(index, query) {
    var terms = Array.from(new Set(words(query)));
    if (!terms.length) { return Promise.resolve(null); }
    var meta = index.meta, lengths = index.table.lengths, count = meta.documents;
    return Promise.all(terms.map(function (w) { return expansions(meta, w); })).then(function (perWord) {
      var total = new Float64Array(count), hits = new Uint16Array(count);
      perWord.forEach(function (found) {
        var best = new Float64Array(count), touched = [];
        found.forEach(function (match) {
          var gaps = match.entry[0], tfs = match.entry[1], df = gaps.length, id = 0;
          var idf = Math.log(1 + (count - df + 0.5) / (df + 0.5));
          for (var i = 0; i < df; i++) {
            id += gaps[i];
            var tf = tfs[i], norm = K1 * (1 - B + B * lengths[id] * meta.length_unit / (meta.average_length || 1));
            var score = match.weight * idf * tf * (K1 + 1) / (tf + norm);
            if (best[id] === 0) { touched.push(id); }
            if (score > best[id]) { best[id] = score; }
          }
        });
        touched.forEach(function (id) { hits[id] += 1; total[id] += best[id]; });
      });
      var ids = [];
      for (var id = 0; id < count; id++) { if (hits[id] === terms.length) { ids.push(id); } }
      return { ids: ids, score: total, terms: terms };
    });
  }

  function valuesOf(table, facet, id) {
    var of = table.facets[facet].of[id];
    return Array.isArray(of) ? of : [of];
  }

  /**
   * Filter the matches by the ticked values (any value within a facet, every facet ticked) and count each
   * facet's values over the matches that pass every other facet: the counts a reader sees are exact.
   */
  function faceted(index, found, selected) {
    var table = index.table, names = index.meta.facets.map(function (f) { return f[0]; });
    var ids = found ? found.ids : null, count = ids ? ids.length : index.meta.documents;
    var counts = {}, kept = [];
    names.forEach(function (name) { counts[name] = new Uint32Array(table.facets[name].values.length); });
    var active = names.filter(function (name) { return selected[name] && selected[name].size; });
    for (var n = 0; n < count; n++) {
      var id = ids ? ids[n] : n, failed = null, failures = 0;
      for (var a = 0; a < active.length; a++) {
        var chosen = selected[active[a]];
        if (!valuesOf(table, active[a], id).some(function (v) { return chosen.has(v); })) { failures++; failed = active[a]; }
      }
      if (failures > 1) { continue; }
      if (failures === 0) { kept.push(id); }
      for (var f = 0; f < names.length; f++) {
        if (failures === 1 && names[f] !== failed) { continue; }
        var values = valuesOf(table, names[f], id);
        for (var v = 0; v < values.length; v++) { if (values[v] >= 0) { counts[names[f]][values[v]]++; } }
      }
    }
    return { ids: kept, counts: counts };
  }

  /** Best match (relevance, then newest), newest first or oldest first: numbers are date order. */
  function ordered(ids, found, order) {
    if (order === "oldest") { return ids.sort(function (a, b) { return a - b; }); }
    if (order === "newest" || !found) { return ids.sort(function (a, b) { return b - a; }); }
    var score = found.score;
    return ids.sort(function (a, b) { return score[b] - score[a] || b - a; });
  }

  function hasFilters(state) {
    return Object.keys(state.filters).some(function (name) { return state.filters[name].length; });
  }

  function selection(index, state) {
    var selected = {};
    Object.keys(state.filters).forEach(function (name) {
      var values = index.table.facets[name] ? index.table.facets[name].values : [];
      selected[name] = new Set(state.filters[name].map(function (label) { return values.indexOf(label); }));
    });
    return selected;
  }

  /** The letters matching a search state, in its order; the facet table is read only when the state has filters. */
  function search(state) {
    return openIndex().then(function (index) {
      return matching(index, state.q).then(function (found) {
        var result = { index: index, found: found, terms: found ? found.terms : [], counts: null };
        if (!hasFilters(state)) {
          var ids = found ? found.ids.slice() : Array.from({ length: index.meta.documents }, function (_, n) { return n; });
          result.ids = ordered(ids, found, state.order);
          return result;
        }
        return facetsOf(index, found, state).then(function (facets) {
          result.ids = ordered(facets.ids, found, state.order);
          result.counts = facets.counts;
          return result;
        });
      });
    });
  }

  /** Every facet's counts over a search's matches, and the matches the ticked filters keep (facet table read if need be). */
  function facetsOf(index, found, state) {
    return facetTable(index).then(function () { return faceted(index, found, selection(index, state)); });
  }

  function card(index, id) {
    var per = index.meta.cards_per_file;
    return json(index.meta.cards[Math.floor(id / per)]).then(function (chunk) { return chunk[id % per]; });
  }

  // ---------------------------------------------------------------- showing results

  function element(tag, className, text) {
    var node = document.createElement(tag);
    if (className) { node.className = className; }
    if (text !== undefined) { node.textContent = text; }
    return node;
  }

  function longDate(iso) {
    var parts = iso.split("-");
    return Number(parts[2]) + " " + MONTHS[Number(parts[1]) - 1] + " " + parts[0];
  }

  function plural(n, one, many) { return n.toLocaleString("en") + " " + (n === 1 ? one : many); }

  /** One result: the reference (a link), then addressee, date, type and reply status, then an excerpt. */
  function resultItem(info, terms) {
    var item = element("li", "sp-result");
    var title = element("a", "sp-result__title", info.reference);
    title.href = new URL(info.url, ROOT).href;
    item.appendChild(title);
    var facts = element("p", "sp-result__facts");
    facts.appendChild(document.createTextNode(info.addressee + " · "));
    var time = element("time", null, longDate(info.date));
    time.setAttribute("datetime", info.date);
    facts.appendChild(time);
    facts.appendChild(document.createTextNode(" · " + info.type + " · " + info.reply));
    item.appendChild(facts);
    if (terms.length) {
      var excerpt = element("p", "sp-result__excerpt");
      item.appendChild(excerpt);
      binary(info.text).then(function (text) { fillExcerpt(excerpt, text, terms); }).catch(function () { excerpt.remove(); });
    }
    return item;
  }

  /**
   * About thirty of the letter's own words around the first place a query word appears, within that
   * paragraph (the words file has one paragraph a line), query words marked.
   */
  function fillExcerpt(node, text, terms) {
    var all = Array.from(text.matchAll(/[\p{L}\p{N}]+/gu));
    var matches = function (run) {
      var word = words(run[0])[0] || "";
      return terms.some(function (t) { return word === t || (t.length >= PREFIX_MIN && word.lastIndexOf(t, 0) === 0); });
    };
    var hit = all.find(matches);
    if (!hit) { node.remove(); return; }
    var from = text.lastIndexOf("\n", hit.index) + 1, to = text.indexOf("\n", hit.index);
    if (to < 0) { to = text.length; }
    var runs = all.filter(function (run) { return run.index >= from && run.index < to; });
    var at = runs.indexOf(hit);
    var first = Math.max(0, at - 10), last = Math.min(runs.length - 1, at + 22);
    var start = runs[first].index, end = last === runs.length - 1 ? to : runs[last].index + runs[last][0].length;
    if (first > 0) { node.appendChild(document.createTextNode("… ")); }
    var cursor = start;
    for (var n = first; n <= last; n++) {
      if (!matches(runs[n])) { continue; }
      node.appendChild(document.createTextNode(text.slice(cursor, runs[n].index)));
      node.appendChild(element("mark", null, runs[n][0]));
      cursor = runs[n].index + runs[n][0].length;
    }
    node.appendChild(document.createTextNode(text.slice(cursor, end) + (last < runs.length - 1 ? " …" : "")));
  }

  /** Append the results `ids[from .. from+size)` to `list`, in order, as their cards arrive. */
  function showResults(list, result, from, size) {
    var shown = result.ids.slice(from, from + size);
    var slots = shown.map(function () { return list.appendChild(element("li", "sp-result sp-result--loading")); });
    return Promise.all(shown.map(function (id, n) {
      return card(result.index, id).then(function (info) { list.replaceChild(resultItem(info, result.terms), slots[n]); });
    })).then(function () {
      // For bench/search.py: when the first results of this page view (or the word that there are none) were on screen.
      if (!performance.getEntriesByName("sp-first-results").length) { performance.mark("sp-first-results"); }
    });
  }

  // ---------------------------------------------------------------- search state in a URL

  function stateFrom(params) {
    var state = { q: params.get("q") || "", order: params.get("order") || "", filters: {} };
    params.forEach(function (value, name) {
      if (name !== "q" && name !== "order" && name !== "page") { (state.filters[name] = state.filters[name] || []).push(value); }
    });
    return state;
  }

  function paramsOf(state) {
    var params = new URLSearchParams();
    if (state.q) { params.set("q", state.q); }
    if (state.order) { params.set("order", state.order); }
    Object.keys(state.filters).forEach(function (name) {
      state.filters[name].forEach(function (value) { params.append(name, value); });
    });
    return params;
  }

  /**
   * `action` at once when the reader starts typing (or pastes), then at most once every `ms` while they go on,
   * and once more when they stop: the first results never wait for a pause.
   */
  function debounced(action, ms) {
    var timer = null, pending = false;
    function release() {
      timer = null;
      if (pending) { pending = false; action(); timer = setTimeout(release, ms); }
    }
    return function () {
      if (timer === null) { action(); timer = setTimeout(release, ms); } else { pending = true; }
    };
  }

  function failed(node, error) {
    node.textContent = "Search is unavailable: " + error.message;
  }

  // ---------------------------------------------------------------- the header's quick results

  function quickSearch(form) {
    var input = form.querySelector("input[name=q]"), panel = form.querySelector("[data-sp-quick]");
    var asked = 0;
    var run = debounced(function () {
      var q = input.value.trim(), ticket = ++asked;
      if (!q) { panel.hidden = true; input.setAttribute("aria-expanded", "false"); return; }
      search({ q: q, order: "", filters: {} }).then(function (result) {
        if (ticket !== asked) { return; }
        panel.textContent = "";
        var status = panel.appendChild(element("p", "sp-quick__status",
          result.ids.length ? plural(result.ids.length, "letter matches", "letters match") : "No letter matches every word"));
        var all = element("a", "sp-quick__all", "All results and filters");
        all.href = new URL("search/?" + paramsOf({ q: q, order: "", filters: {} }), ROOT).href;
        status.appendChild(document.createTextNode(" · "));
        status.appendChild(all);
        var list = panel.appendChild(element("ol", "sp-results"));
        panel.hidden = false;
        input.setAttribute("aria-expanded", "true");
        return showResults(list, result, 0, QUICK_SIZE);
      }).catch(function (error) { panel.hidden = false; failed(panel, error); });
    }, 80);
    input.addEventListener("input", run);
    input.addEventListener("focus", function () { openIndex().catch(function () {}); });
    form.addEventListener("keydown", function (event) {
      if (event.key === "Escape") { input.value = ""; panel.hidden = true; input.setAttribute("aria-expanded", "false"); input.focus(); }
    });
    document.addEventListener("click", function (event) {
      if (!form.contains(event.target)) { panel.hidden = true; input.setAttribute("aria-expanded", "false"); }
    });
  }

  // ---------------------------------------------------------------- the search page

  function searchPage(root) {
    var form = root.querySelector("form"), input = form.querySelector("input[name=q]");
    var order = form.querySelector("select[name=order]"), facetsNode = root.querySelector("[data-sp-facets]");
    var status = root.querySelector("[data-sp-status]"), list = root.querySelector("[data-sp-results]");
    var more = root.querySelector("[data-sp-more]"), chosen = root.querySelector("[data-sp-chosen]");
    var state = stateFrom(new URLSearchParams(location.search)), expanded = {}, asked = 0, current = null, shown = 0;
    var countedResult = null;
    input.value = state.q;
    order.value = state.order;
    // On a phone the filters start folded, so that results are the first thing below the box.
    if (window.matchMedia("(max-width: 59.9375em)").matches) { root.querySelector("details.sp-filters").open = false; }

    function update() {
      var ticket = ++asked;
      root.removeAttribute("data-sp-ready");  // set again once results and facet counts are both current
      var query = paramsOf(state).toString();
      history.replaceState(null, "", query ? "?" + query : location.pathname);
      // Results first, then the facet counts (at once when filters are ticked: the table is already read).
      return search(state).then(function (result) {
        if (ticket !== asked) { return; }
        current = result;
        list.textContent = "";
        shown = 0;
        var n = result.ids.length;
        status.textContent = state.q ? plural(n, "letter matches", "letters match") + " “" + state.q + "”" : plural(n, "letter", "letters");
        // The facet table is read once the first results are on screen, so that it does not compete with them.
        return page().then(function () {
          return result.counts || facetsOf(result.index, result.found, state).then(function (facets) { return facets.counts; });
        }).then(function (counts) {
          if (ticket !== asked) { return; }
          result.counts = counts;
          countedResult = result;
          showFacets(result);
          root.setAttribute("data-sp-ready", "");
        });
      }).catch(function (error) { failed(status, error); });
    }

    function page() {
      var from = shown;
      shown = Math.min(current.ids.length, shown + PAGE_SIZE);
      more.hidden = shown >= current.ids.length;
      return showResults(list, current, from, PAGE_SIZE);
    }

    function toggle(name, label, on) {
      var values = state.filters[name] || [];
      values = values.filter(function (v) { return v !== label; });
      if (on) { values.push(label); }
      if (values.length) { state.filters[name] = values; } else { delete state.filters[name]; }
      update();
    }

    function showFacets(result) {
      var focused = document.activeElement && facetsNode.contains(document.activeElement) ? document.activeElement.id : null;
      facetsNode.textContent = "";
      var ticked = 0;
      result.index.meta.facets.forEach(function (facet) {
        var name = facet[0], labels = result.index.table.facets[name].values, counts = result.counts[name];
        var picked = state.filters[name] || [];
        ticked += picked.length;
        var rows = labels.map(function (label, n) { return { label: label, n: n, count: counts[n] }; })
          .filter(function (row) { return row.count > 0 || picked.indexOf(row.label) >= 0; });
        if (!rows.length) { return; }
        if (labels.length > 12 && name !== "year") { rows.sort(function (a, b) { return b.count - a.count || a.n - b.n; }); }
        var group = facetsNode.appendChild(element("fieldset", "sp-facet"));
        group.appendChild(element("legend", null, facet[1]));
        var limit = expanded[name] ? rows.length : 8;
        rows.forEach(function (row, index) {
          if (index >= limit && picked.indexOf(row.label) < 0) { return; }
          var label = group.appendChild(element("label", "sp-facet__value"));
          var box = label.appendChild(element("input"));
          box.type = "checkbox";
          box.id = "sp-f-" + name + "-" + row.n;
          box.checked = picked.indexOf(row.label) >= 0;
          box.addEventListener("change", function () { toggle(name, row.label, box.checked); });
          label.appendChild(element("span", "sp-facet__label", row.label));
          label.appendChild(element("span", "sp-facet__count", row.count.toLocaleString("en")));
        });
        if (rows.length > limit) {
          var all = group.appendChild(element("button", "sp-facet__more", "Show all " + rows.length));
          all.type = "button";
          all.id = "sp-f-" + name + "-more";
          all.addEventListener("click", function () { expanded[name] = true; showFacets(countedResult); });
        }
      });
      chosen.textContent = ticked ? "(" + ticked + " ticked)" : "";
      if (focused && document.getElementById(focused)) { document.getElementById(focused).focus(); }
    }

    form.addEventListener("submit", function (event) { event.preventDefault(); state.q = input.value.trim(); update(); });
    input.addEventListener("input", debounced(function () { state.q = input.value.trim(); update(); }, 80));
    order.addEventListener("change", function () { state.order = order.value; update(); });
    more.addEventListener("click", function () { page(); });
    update();
  }

  // ---------------------------------------------------------------- start

  document.addEventListener("keydown", function (event) {
    var target = event.target;
    if (event.key !== "/" || (target && (target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName)))) { return; }
    var box = document.querySelector("[data-sp-page] input[name=q]") || document.querySelector("[data-sp-search] input[name=q]");
    if (box && box.offsetParent !== null) { event.preventDefault(); box.focus(); }
  });
  var header = document.querySelector("[data-sp-search]");
  if (header) { quickSearch(header); }
  var pageRoot = document.querySelector("[data-sp-page]");
  if (pageRoot) { searchPage(pageRoot); }
  /** The first `size` results' cards and words (for excerpts): what bench/search.py times against Pagefind's API. */
  function results(state, size) {
    return search(state).then(function (result) {
      return Promise.all(result.ids.slice(0, size).map(function (id) {
        return card(result.index, id).then(function (info) {
          return binary(info.text).then(function (text) { return { card: info, text: text }; });
        });
      })).then(function (found) { return { count: result.ids.length, results: found }; });
    });
  }
  window.spArchiveSearch = { words: words, search: search, results: results };
})();
