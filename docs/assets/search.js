/*
 * The archive's search, in the browser: reads the static index that
 * generator/search/index.py writes under search/ and answers a query with
 * every matching letter, exact facet counts over the whole archive, and
 * exact date order (letters are numbered oldest first).
 *
 * Two views share it: quick results under the header's search box, and the
 * search page (search/?q=…&order=…&<facet>=<value>), which restores a search
 * from its URL. Record text only ever reaches the page as textContent.
 *
 * The index holds no copy of the documents' text: a result's excerpt is read from
 * the page it links to (fetched once, parsed inert with DOMParser, read as text).
 */
(function () {
  "use strict";

  var FORMAT = 3;
  var PAGE_SIZE = 10;
  /** Results of a longer phrase checked on their text for one page of results, at most (each is its page fetched). */
  var CHECK_MOST = 60;
  var QUICK_SIZE = 5;
  var PREFIX_MIN = 3;
  var PREFIX_FILES = 8;
  var STEM_PREFIX_MIN = 5;
  var MAX_QUERY = 200;
  var MAX_CLAUSES = 16;
  var K1 = 1.2, B = 0.75;
  /** Exact word > editors' variant > same stem > beginning of a word; a quoted phrase above its words. */
  var WEIGHT = { exact: 1, variant: 0.9, stem: 0.6, prefix: 0.3, phrase: 1.5 };
  var REFERENCE_BOOST = 1000;
  var TYPES = ["al", "ua", "ol", "jal", "jua", "jol"];
  var LANGUAGES = { English: "en", French: "fr", Spanish: "es" };
  var MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September",
    "October", "November", "December"];

  var script = document.currentScript;
  var ROOT = new URL(script.getAttribute("data-root") || "./", document.baseURI);
  var INDEX = new URL("search/", ROOT);

  // ---------------------------------------------------------------- words

  /** The same rules as generator/search/tokens.py (read its docstring): runs of letters, digits and marks, NFC, lower-cased. */
  var MARKS = "\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f";
  var CHAR = "(?:[\\p{L}\\p{N}]|[" + MARKS + "])";
  var RUN = new RegExp(CHAR + "+", "gu");
  var JOINED = new RegExp("^" + CHAR + "+(?:[-\u2010\u2011/]" + CHAR + "+)+$", "u");

  function fold(text) { return String(text).normalize("NFKD").replace(/\p{M}/gu, "").toLowerCase(); }
  function prepared(text) { return String(text).normalize("NFC").toLowerCase(); }

  /** A run of the text as words: [{key, form}] (one, or several when a compatibility character folds apart). */
  function runWords(run) {
    var keys = fold(run).match(/[\p{L}\p{N}]+/gu) || [];
    if (keys.length === 1) { return [{ key: keys[0].slice(0, 40), form: run.slice(0, 40) }]; }
    return keys.map(function (k) { return { key: k.slice(0, 40), form: k.slice(0, 40) }; });
  }

  function split(text) {
    var out = [];
    (prepared(text).match(RUN) || []).forEach(function (run) { out.push.apply(out, runWords(run)); });
    return out;
  }

  function words(text) { return split(text).map(function (w) { return w.key; }); }

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

  /** meta.json (never from a stale cache), then the index file it names, and the stemmers: everything a query needs first. */
  function openIndex() {
    if (!opened) {
      opened = fetched(new URL("meta.json", INDEX), { cache: "no-cache" }).then(function (r) { return r.json(); })
        .then(function (meta) {
          if (meta.format !== FORMAT) { throw new Error("search index of format " + meta.format + ", expected " + FORMAT); }
          return Promise.all([json(meta.index), stemmerOf(meta.stemmer)]).then(function (both) {
            var directory = both[0];
            directory.documents = meta.documents;
            return { meta: directory, table: { lengths: directory.lengths, facets: null }, replies: null, stem: both[1], pairs: null };
          });
        });
      opened.catch(function () { opened = null; });
    }
    return opened;
  }

  /** A .bin file of the index as bytes, gzip unless the host already decoded it. */
  function bytesOf(name) {
    return fetched(new URL(name, INDEX)).then(function (r) { return r.arrayBuffer(); }).then(function (buffer) {
      var head = new Uint8Array(buffer, 0, 2);
      if (head[0] !== 0x1f || head[1] !== 0x8b) { return buffer; }
      return new Response(new Blob([buffer]).stream().pipeThrough(new DecompressionStream("gzip"))).arrayBuffer();
    });
  }

  /** The Snowball stemmers (npm's multilingual-stemmer, WebAssembly) as stem(language, form) → folded stem. */
  function stemmerOf(names) {
    return Promise.all([import(new URL(names[0], INDEX).href), bytesOf(names[1])]).then(function (loaded) {
      var module = loaded[0];
      return module.default({ module_or_path: loaded[1] }).then(function () {
        var codes = { en: module.Languages.English, fr: module.Languages.French, es: module.Languages.Spanish };
        var made = {}, known = new Map();
        return function (language, form) {
          if (!(language in codes)) { return ""; }
          var key = language + ":" + form;
          if (!known.has(key)) {
            made[language] = made[language] || new module.Stemmer(codes[language]);
            known.set(key, fold(made[language].stem(form)));
          }
          return known.get(key);
        };
      });
    });
  }

  /** The list of the pair files, read the first time a query has a quoted phrase. */
  function pairFiles(index) {
    if (!index.pairs) {
      index.pairs = json(index.meta.pairs);
      index.pairs.catch(function () { index.pairs = null; });
    }
    return index.pairs;
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

  /** Every facet as each document's value numbers ("of"); a facet stored by value ("letters") is turned round. */
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

  /** Which documents are replies (a bit each), from the index file's gaps. */
  function repliesOf(index) {
    if (!index.replies) {
      var is = new Uint8Array(index.meta.documents), id = 0;
      index.meta.replies.forEach(function (gap) { id += gap; is[id] = 1; });
      index.replies = is;
    }
    return index.replies;
  }

  // ---------------------------------------------------------------- the query

  /**
   * A query as clauses every result must meet: a word, a "quoted phrase", or any of several (OR); a clause
   * after "-" or NOT excludes. Words joined by a hyphen or a slash match both joined and apart
   * ("non-refoulement": nonrefoulement, or the phrase "non refoulement"). A query shaped like a
   * reference (AL OTH 102/2021, OTH 102/2021, 102/2021, al-oth-102-2021, OTH 102) also names that letter.
   */
  function parse(query) {
    var text = String(query || "");
    var cut = text.length > MAX_QUERY;
    if (cut) { text = text.slice(0, MAX_QUERY); }
    var tokens = [], match, pattern = /(-?)"([^"]*)"?|(\S+)/g;
    while ((match = pattern.exec(text))) {
      if (match[3] === undefined) { tokens.push({ negative: match[1] === "-", phrase: match[2] }); }
      else { tokens.push({ raw: match[3] }); }
    }
    var clauses = [], negateNext = false, joinNext = false;
    var ends = /[\p{L}\p{N}]$/u.test(text);  // the last word is still being typed
    tokens.forEach(function (token, n) {
      if (token.raw === "NOT") { negateNext = true; return; }
      if (token.raw === "OR" && clauses.length && n < tokens.length - 1) { joinNext = true; return; }
      var negative = negateNext || token.negative || false, clause;
      negateNext = false;
      if (token.phrase !== undefined) { clause = phraseClause(split(token.phrase)); }
      else {
        var raw = token.raw;
        if (raw.length > 1 && raw[0] === "-" && /[\p{L}\p{N}"]/u.test(raw[1])) { negative = true; raw = raw.slice(1); }
        clause = wordClause(raw, n === tokens.length - 1 && ends);
      }
      if (!clause) { return; }
      clause.negative = negative;
      if (joinNext && !negative) {
        var previous = clauses[clauses.length - 1];
        if (previous.type !== "any") { previous = clauses[clauses.length - 1] = { type: "any", items: [previous], negative: false }; }
        previous.items.push(clause);
      } else { clauses.push(clause); }
      joinNext = false;
    });
    if (clauses.length > MAX_CLAUSES) { clauses = clauses.slice(0, MAX_CLAUSES); cut = true; }
    return { clauses: clauses, cut: cut, reference: referenceKey(text) };
  }

  /** One token typed without quotes: a word, or the words of a compound joined and apart. */
  function wordClause(raw, typing) {
    var found = split(raw);
    if (!found.length) { return null; }
    if (found.length === 1) { return { type: "word", key: found[0].key, form: found[0].form, prefix: typing }; }
    var phrase = phraseClause(found);
    // One compound and nothing else ("non-refoulement", "102/2021"): also its words joined.
    if (!JOINED.test(prepared(raw).replace(/^[^\p{L}\p{N}]+|[^\p{L}\p{N}]+$/gu, ""))) { return phrase; }
    var key = found.map(function (w) { return w.key; }).join("").slice(0, 40);
    return { type: "any", items: [{ type: "word", key: key, form: key, prefix: false }, phrase] };
  }

  function phraseClause(found) {
    if (!found.length) { return null; }
    if (found.length === 1) { return { type: "word", key: found[0].key, form: found[0].form, prefix: false, exact: true }; }
    return { type: "phrase", keys: found.map(function (w) { return w.key; }) };
  }

  /** The index key of the letter a query names by its reference, or null. */
  function referenceKey(text) {
    var q = text.toLowerCase(), m;
    m = /(?:^|[^\p{L}\p{N}])([a-z]{2,3})[\s-]+([a-z]{3})[\s-]+(\d{1,5})(?:[\s\/-]+(\d{4}))?(?![\p{L}\p{N}])/u.exec(q);
    if (m && TYPES.indexOf(m[1]) >= 0) {
      return m[4] ? "ref:" + m[1] + " " + m[2] + " " + Number(m[3]) + " " + m[4] : "ref:" + m[2] + " " + Number(m[3]);
    }
    m = /(?:^|[^\p{L}\p{N}])([a-z]{3})[\s-]+(\d{1,5})(?:[\s\/-]+(\d{4}))?(?![\p{L}\p{N}])/u.exec(q);
    if (m) { return m[3] ? "ref:" + m[1] + " " + Number(m[2]) + " " + m[3] : "ref:" + m[1] + " " + Number(m[2]); }
    m = /(?:^|[^\p{L}\p{N}])(\d{1,5})\/(\d{4})(?![\p{L}\p{N}])/u.exec(q);
    return m ? "ref:" + Number(m[1]) + " " + m[2] : null;
  }

  // ---------------------------------------------------------------- the index

  /** The number of the file whose range holds `key` (files start at list[i][0]). */
  function shardOf(list, key) {
    var low = 0, high = list.length - 1;
    while (low < high) {
      var middle = (low + high + 1) >> 1;
      if (list[middle][0] <= key) { low = middle; } else { high = middle - 1; }
    }
    return low;
  }

  /** The entry of `key` in a list of shards (terms, stems, pairs), or null. */
  function lookup(list, key) {
    if (!list.length) { return Promise.resolve(null); }
    return json(list[shardOf(list, key)][1]).then(function (shard) { return shard[key] || null; });
  }

  /** The words of the index that `key` begins (itself apart), unless they spread over more than PREFIX_FILES files. */
  function prefixed(meta, key) {
    if (key.length < PREFIX_MIN || !meta.terms.length) { return Promise.resolve([]); }
    var first = shardOf(meta.terms, key), last = shardOf(meta.terms, key + "\uffff");
    if (last - first >= PREFIX_FILES) { return Promise.resolve([]); }
    var loads = [];
    for (var n = first; n <= last; n++) { loads.push(json(meta.terms[n][1])); }
    return Promise.all(loads).then(function (shards) {
      var found = [];
      shards.forEach(function (shard) {
        Object.keys(shard).forEach(function (term) {
          if (term !== key && term.lastIndexOf(key, 0) === 0) { found.push(shard[term]); }
        });
      });
      return found;
    });
  }

  /** A word's keys and stems, as a matcher: exact, the editors' variants, stems in each language searched, prefix. */
  function matcherOf(index, clause, languages) {
    var keys = [clause.key].concat(index.meta.variants[clause.key] || []);
    var stems = {};
    if (!clause.exact) {
      languages.forEach(function (language) {
        // The form as typed (accents and all) and every key: "licenciés" and "licencies" stem apart in French.
        var found = new Set([clause.form].concat(keys).map(function (form) { return index.stem(language, form); }));
        found.delete("");
        stems[language] = found;
      });
    }
    return { keys: keys, stems: stems, prefix: clause.prefix ? clause.key : null };
  }

  /** Every document a word clause matches, with the best weighted BM25 term score of each, under one rarity (IDF). */
  function wordScores(index, clause, languages) {
    var matcher = matcherOf(index, clause, languages), meta = index.meta, loads = [];
    matcher.keys.forEach(function (key, n) {
      loads.push(lookup(meta.terms, key).then(function (e) { return e && [{ entry: e, weight: n ? WEIGHT.variant : WEIGHT.exact }]; }));
    });
    Object.keys(matcher.stems).forEach(function (language) {
      matcher.stems[language].forEach(function (s) {
        loads.push(lookup(meta.stems, language + ":" + s).then(function (e) { return e && [{ entry: e, weight: WEIGHT.stem }]; }));
      });
    });
    // The words a stem begins (as Pagefind matches them): "détenues" → détenu → "détenus", which Snowball leaves whole.
    var starts = new Set(matcher.prefix ? [matcher.prefix] : []);
    Object.keys(matcher.stems).forEach(function (language) {
      matcher.stems[language].forEach(function (s) { if (s.length >= STEM_PREFIX_MIN && s !== clause.key) { starts.add(s); } });
    });
    starts.forEach(function (start) {
      loads.push(prefixed(meta, start).then(function (es) {
        return es.map(function (e) { return { entry: e, weight: WEIGHT.prefix }; });
      }));
    });
    return Promise.all(loads).then(function (lists) {
      var found = [].concat.apply([], lists.filter(Boolean));
      return scored(index, found.map(function (f) { return { gaps: f.entry[0], tfs: f.entry[1], weight: f.weight }; }));
    });
  }

  /** Postings [{gaps, tfs, weight}] as scores: one IDF over their union, each document's best weighted BM25 term. */
  function scored(index, postings) {
    var meta = index.meta, lengths = index.table.lengths, count = meta.documents;
    var best = new Float64Array(count), ids = [];
    var seen = new Uint8Array(count);
    postings.forEach(function (p) {
      var id = 0;
      for (var i = 0; i < p.gaps.length; i++) {
        id += p.gaps[i];
        if (!seen[id]) { seen[id] = 1; ids.push(id); }
      }
    });
    var df = ids.length, idf = Math.log(1 + (count - df + 0.5) / (df + 0.5));
    postings.forEach(function (p) {
      var id = 0;
      for (var i = 0; i < p.gaps.length; i++) {
        id += p.gaps[i];
        var tf = p.tfs[i], norm = K1 * (1 - B + B * lengths[id] * meta.length_unit / (meta.average_length || 1));
        var score = p.weight * idf * tf * (K1 + 1) / (tf + norm);
        if (score > best[id]) { best[id] = score; }
      }
    });
    return { ids: ids, score: best };
  }

  /** The alternatives of each word of a phrase: the word and its editors' variants. */
  function alternativesOf(index, keys) {
    var variants = index.meta.variants;
    return keys.map(function (key) { return [key].concat(variants[key] || []); });
  }

  /**
   * Every document holding each pair of the phrase's adjacent words (each word or its editors' variants), with
   * the fewest times one of them occurs. For two words that is the phrase; for more, the documents that may hold
   * it, and the phrase itself is checked on the text of each result shown (`holdsPhrase`).
   */
  function phraseScores(index, clause) {
    var alternatives = alternativesOf(index, clause.keys);
    return pairFiles(index).then(function (list) {
      var loads = [];
      for (var i = 0; i + 1 < alternatives.length; i++) {
        var pairs = [];
        alternatives[i].forEach(function (a) { alternatives[i + 1].forEach(function (b) { pairs.push(a + " " + b); }); });
        loads.push(Promise.all(pairs.map(function (pair) { return lookup(list, pair); })));
      }
      return Promise.all(loads);
    }).then(function (perPair) {
      var counts = perPair.map(function (entries) {  // for each pair: document → how often
        var at = new Map();
        entries.forEach(function (entry) {
          if (!entry) { return; }
          var id = 0;
          entry[0].forEach(function (gap, n) { id += gap; at.set(id, (at.get(id) || 0) + entry[1][n]); });
        });
        return at;
      });
      var gaps = [], tfs = [], last = 0;
      Array.from(counts[0].keys()).sort(function (a, b) { return a - b; }).forEach(function (id) {
        var count = counts[0].get(id);
        for (var k = 1; k < counts.length; k++) { count = Math.min(count, counts[k].get(id) || 0); }
        if (count) { gaps.push(id - last); tfs.push(Math.min(count, 255)); last = id; }
      });
      return scored(index, [{ gaps: gaps, tfs: tfs, weight: WEIGHT.phrase }]);
    });
  }

  function clauseScores(index, clause, languages) {
    if (clause.type === "word") { return wordScores(index, clause, languages); }
    if (clause.type === "phrase") { return phraseScores(index, clause); }
    return Promise.all(clause.items.map(function (item) { return clauseScores(index, item, languages); })).then(function (all) {
      var best = new Float64Array(index.meta.documents), seen = new Uint8Array(index.meta.documents), ids = [];
      all.forEach(function (one) {
        one.ids.forEach(function (id) {
          if (!seen[id]) { seen[id] = 1; ids.push(id); }
          if (one.score[id] > best[id]) { best[id] = one.score[id]; }
        });
      });
      return { ids: ids, score: best };
    });
  }

  /** The languages a query's words are stemmed in: the one the reader picked in the Language filter, else all three. */
  function languagesOf(state) {
    var picked = (state.filters.language || []).map(function (name) { return LANGUAGES[name]; }).filter(Boolean);
    return picked.length === 1 ? picked : ["en", "fr", "es"];
  }

  /**
   * Every document meeting every clause of the query and none it excludes, with its relevance; null for an
   * empty query (every document). A query with no word at all matches nothing, and says so.
   */
  function matching(index, state) {
    var query = parse(state.q);
    if (!String(state.q || "").trim()) { return Promise.resolve(null); }
    var count = index.meta.documents, languages = languagesOf(state);
    var positive = query.clauses.filter(function (c) { return !c.negative; });
    var negative = query.clauses.filter(function (c) { return c.negative; });
    var result = { ids: [], score: new Float64Array(count), query: query, languages: languages, nothing: !query.clauses.length };
    // Phrases of three words or more, found by their pairs: each result shown is checked on its text.
    result.loose = positive.filter(function (c) { return c.type === "phrase" && c.keys.length > 2; })
      .map(function (c) { return alternativesOf(index, c.keys); });
    if (result.nothing) { return Promise.resolve(result); }
    var reference = query.reference ? lookup(index.meta.stems, query.reference) : Promise.resolve(null);
    return Promise.all([
      Promise.all(positive.map(function (c) { return clauseScores(index, c, languages); })),
      Promise.all(negative.map(function (c) { return clauseScores(index, c, languages); })),
      reference,
    ]).then(function (parts) {
      var hits = new Uint16Array(count), excluded = new Uint8Array(count), total = result.score;
      parts[0].forEach(function (one) { one.ids.forEach(function (id) { hits[id]++; total[id] += one.score[id]; }); });
      parts[1].forEach(function (one) { one.ids.forEach(function (id) { excluded[id] = 1; }); });
      if (parts[2]) {
        var id = 0;
        parts[2][0].forEach(function (gap) { id += gap; total[id] += REFERENCE_BOOST; });
      }
      for (var n = 0; n < count; n++) { if (hits[n] === positive.length && !excluded[n]) { result.ids.push(n); } }
      return result;
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
      return matching(index, state).then(function (found) {
        var result = { index: index, found: found, counts: null, q: state.q };
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

  /** "3 letters and 1 reply match “q”", "58 letters", or why a query cannot be searched. */
  function summary(result, q) {
    var found = result.found;
    if (found && found.nothing) { return "Type a word or a number to search for: “" + q + "” has none."; }
    var replies = repliesOf(result.index), answers = 0, dropped = result.dropped || new Set();
    var ids = result.ids.filter(function (id) { return !dropped.has(id); });
    ids.forEach(function (id) { answers += replies[id]; });
    var letters = ids.length - answers, parts = [];
    if (letters || !answers) { parts.push(plural(letters, "letter", "letters")); }
    if (answers) { parts.push(plural(answers, "reply", "replies")); }
    var text = parts.join(" and ");
    if (q) {
      text = (ids.length ? text + (ids.length === 1 ? " matches" : " match") : "Nothing matches") + " “" + q + "”";
      if (found.query.cut) { text += " (a long query: only its first " + MAX_QUERY + " characters and " + MAX_CLAUSES + " words were searched)"; }
    }
    return text;
  }

  // ---------------------------------------------------------------- what a result shows of its document

  /** What marks a query's words in a text: each positive word's keys, stems (in the languages searched) and prefix. */
  function markerOf(index, found) {
    var matchers = [];
    (function add(clauses) {
      clauses.forEach(function (clause) {
        if (clause.negative) { return; }
        if (clause.type === "any") { add(clause.items); return; }
        if (clause.type === "phrase") {
          clause.keys.forEach(function (key) { matchers.push(matcherOf(index, { key: key, form: key, exact: true }, [])); });
          return;
        }
        matchers.push(matcherOf(index, clause, found.languages));
      });
    })(found.query.clauses);
    /** The number of the matcher a word meets, or -1. */
    return function (word, language) {
      for (var m = 0; m < matchers.length; m++) {
        var matcher = matchers[m];
        if (matcher.keys.indexOf(word.key) >= 0) { return m; }
        if (matcher.prefix && word.key.lastIndexOf(matcher.prefix, 0) === 0) { return m; }
        var stems = matcher.stems[language];
        if (stems && stems.size && stems.has(index.stem(language, word.form))) { return m; }
      }
      return -1;
    };
  }

  /** The words of a text with where each starts and ends, and which query word it meets (-1 for none). */
  function marked(text, marker, language) {
    var out = [], run;
    RUN.lastIndex = 0;
    while ((run = RUN.exec(text))) {
      var found = runWords(prepared(run[0]));
      var hit = -1;
      for (var n = 0; n < found.length && hit < 0; n++) { hit = marker(found[n], language); }
      out.push({ start: run.index, end: run.index + run[0].length, hit: hit });
    }
    return out;
  }

  /** `text` from `start` to `end` into `node`, the words that meet a query word in <mark>. */
  function appendMarked(node, text, runs, start, end) {
    var cursor = start;
    runs.forEach(function (run) {
      if (run.hit < 0 || run.start < start || run.end > end) { return; }
      node.appendChild(document.createTextNode(text.slice(cursor, run.start)));
      node.appendChild(element("mark", null, text.slice(run.start, run.end)));
      cursor = run.end;
    });
    node.appendChild(document.createTextNode(text.slice(cursor, end)));
  }

  /** The line with the most different query words (then the most of them; then the first), and its runs. */
  function bestLine(lines, marker, language) {
    var best = null;
    lines.forEach(function (line) {
      var runs = marked(line[1], marker, language), distinct = new Set(), hits = 0;
      runs.forEach(function (run) { if (run.hit >= 0) { distinct.add(run.hit); hits++; } });
      var score = distinct.size * 1000 + hits;
      if (hits && (!best || score > best.score)) { best = { anchor: line[0], text: line[1], runs: runs, score: score }; }
    });
    return best;
  }

  /** About thirty words of the best line, around the stretch where most different query words meet. */
  function fillExcerpt(node, best) {
    var runs = best.runs, before = 8, after = 24, at = 0, most = -1;
    runs.forEach(function (run, n) {
      if (run.hit < 0) { return; }
      var seen = new Set();
      for (var k = Math.max(0, n - before); k <= Math.min(runs.length - 1, n + after); k++) { if (runs[k].hit >= 0) { seen.add(runs[k].hit); } }
      if (seen.size > most) { most = seen.size; at = n; }
    });
    var first = Math.max(0, at - before), last = Math.min(runs.length - 1, at + after);
    var start = first ? runs[first].start : 0, end = last === runs.length - 1 ? best.text.length : runs[last].end;
    if (first > 0) { node.appendChild(document.createTextNode("… ")); }
    appendMarked(node, best.text, runs, start, end);
    if (last < runs.length - 1) { node.appendChild(document.createTextNode(" …")); }
  }

  // ---------------------------------------------------------------- a result's text, from its page

  var pages = new Map();
  /** Pages whose lines are kept (the oldest read is let go first): a long session of typing does not hoard them. */
  var PAGES_KEPT = 100;
  /** What a line's element holds that is not the document's words: paragraph numbers, footnote marks, editorial notes. */
  var NOT_TEXT = ".sp-pid, .sp-fnref, .sp-fnback, .sp-cites";

  /**
   * The lines of the documents on the page at a result's URL (a letter's page: the letter and its replies),
   * fetched once and parsed inert (no script runs, nothing loads): {letter: lines, replies: {anchor: lines}}.
   */
  function pageOf(url) {
    var address = new URL(url.split("#")[0], ROOT).href;
    if (!pages.has(address)) {
      var loaded = fetched(address).then(function (r) { return r.text(); }).then(function (html) {
        return pageLines(new DOMParser().parseFromString(html, "text/html"));
      });
      loaded.catch(function () { pages.delete(address); });
      pages.set(address, loaded);
      if (pages.size > PAGES_KEPT) { pages.delete(pages.keys().next().value); }
    }
    return pages.get(address);
  }

  /** A page's documents as generator/search/documents.py lists their lines: [id of the element, text]. */
  function pageLines(page) {
    var found = { letter: [], replies: {} }, letter = page.querySelector(".sp-letter");
    if (letter) {
      letter.querySelectorAll(".sp-letterhead, .sp-salutation, p[id], li[id], h4[id]").forEach(function (node) {
        found.letter.push(lineOf(node, node.id));
      });
    }
    page.querySelectorAll(".sp-reply[id]").forEach(function (reply) {
      var lines = found.replies[reply.id] = [], said = reply.querySelectorAll(".sp-reply-text p[id]");
      if (said.length) { said.forEach(function (p) { lines.push(lineOf(p, p.id)); }); return; }
      reply.querySelectorAll(".sp-editorial p:not(.admonition-title):not(.sp-by)").forEach(function (p) { lines.push(lineOf(p, reply.id)); });
    });
    return found;
  }

  function lineOf(node, anchor) {
    var copy = node.cloneNode(true);
    copy.querySelectorAll(NOT_TEXT).forEach(function (part) { part.remove(); });
    return [anchor, copy.textContent.replace(/\s+/g, " ").trim()];
  }

  /** A document's own lines, [id of the element on its page, text], read from its page. */
  function linesOf(info) {
    return pageOf(info.url).then(function (page) {
      var lines = info.kind === "reply" ? page.replies[info.url.split("#")[1]] || [] : page.letter;
      return lines.filter(function (line) { return line[1]; });
    });
  }

  /** Whether a text holds a phrase: its words in a row, each the word or one of its alternatives. */
  function holdsPhrase(text, alternatives) {
    var keys = words(text), n = alternatives.length;
    for (var i = 0; i + n <= keys.length; i++) {
      var k = 0;
      while (k < n && alternatives[k].indexOf(keys[i + k]) >= 0) { k++; }
      if (k === n) { return true; }
    }
    return false;
  }

  /**
   * A result's card, and whether it holds the query's longer phrases (checked on its lines and names, which are
   * then fetched; else it holds them). A result that does not is added to `result.dropped`.
   */
  function checked(result, id) {
    return card(result.index, id).then(function (info) {
      var loose = result.found ? result.found.loose : [];
      if (!loose.length) { return { card: info, holds: true, lines: null }; }
      var lines = linesOf(info);
      return lines.then(function (found) {
        var texts = found.map(function (line) { return line[1]; }).concat(namesOf(info).map(function (name) { return name[1]; }));
        var holds = loose.every(function (alternatives) {
          return texts.some(function (text) { return holdsPhrase(text, alternatives); });
        });
        if (!holds) { (result.dropped = result.dropped || new Set()).add(id); }
        return { card: info, holds: holds, lines: lines };
      }, function () { return { card: info, holds: true, lines: lines }; });
    });
  }

  /** A result's address: the page, the query to mark there, and the paragraph to open at. */
  function resultUrl(info, q, anchor) {
    var parts = info.url.split("#"), url = new URL(parts[0], ROOT);
    if (q) { url.searchParams.set("highlight", q); }
    var hash = anchor || parts[1];
    if (hash) { url.hash = hash; }
    return url.href;
  }

  /** The names of a document a result may show a match in, with what they are. */
  function namesOf(info) {
    var names = [["Reference", info.reference], [info.kind === "reply" ? "From" : "Addressee", info.addressee]];
    return names.concat(info.names || []);
  }

  /** One result: the reference (a link), then addressee, date, type and reply status, then where the query matched. */
  function resultItem(info, result, q, lines) {
    var item = element("li", "sp-result");
    var title = element("a", "sp-result__title", info.kind === "reply" ? "Reply to " + info.reference : info.reference);
    title.href = resultUrl(info, q, "");
    item.appendChild(title);
    var facts = element("p", "sp-result__facts");
    facts.appendChild(document.createTextNode((info.kind === "reply" ? "From " : "") + info.addressee + " · "));
    var time = element("time", null, longDate(info.date));
    time.setAttribute("datetime", info.date);
    facts.appendChild(time);
    facts.appendChild(document.createTextNode(" · " + info.type + (info.reply ? " · " + info.reply : "")));
    item.appendChild(facts);
    var found = result.found;
    if (!found || !found.query.clauses.some(function (c) { return !c.negative; })) { return item; }
    var marker = markerOf(result.index, found);
    namesOf(info).forEach(function (name) {
      var runs = marked(name[1], marker, info.lang);
      if (!runs.some(function (run) { return run.hit >= 0; })) { return; }
      var line = element("p", "sp-result__name");
      line.appendChild(document.createTextNode(name[0] + ": "));
      appendMarked(line, name[1], runs, 0, name[1].length);
      item.appendChild(line);
    });
    var excerpt = element("p", "sp-result__excerpt");
    item.appendChild(excerpt);
    (lines || linesOf(info)).then(function (found) {
      var best = bestLine(found, marker, info.lang);
      if (!best) { excerpt.remove(); return; }
      fillExcerpt(excerpt, best);
      title.href = resultUrl(info, q, best.anchor);
    }).catch(function () { excerpt.remove(); });
    return item;
  }

  /**
   * Append the next `size` results (from `result.next`) to `list`, in order, as their cards arrive (their excerpts
   * follow from their pages). A result found by the pairs of a longer phrase is shown once its text holds the
   * phrase, and dropped (`result.dropped`, then `dropped()`) when it does not; the next ones are then checked in
   * its place, up to CHECK_MOST a call.
   */
  function showResults(list, result, size, dropped) {
    var kept = 0, tried = 0;
    function batch() {
      var from = result.next || 0, shown = result.ids.slice(from, from + size - kept);
      result.next = from + shown.length;
      tried += shown.length;
      var slots = shown.map(function () { return list.appendChild(element("li", "sp-result sp-result--loading")); });
      return Promise.all(shown.map(function (id, n) {
        return checked(result, id).then(function (found) {
          if (!found.holds) {
            slots[n].remove();
            if (dropped) { dropped(); }
            return;
          }
          kept++;
          list.replaceChild(resultItem(found.card, result, result.q, found.lines), slots[n]);
        });
      })).then(function () {
        if (kept < size && result.next < result.ids.length && tried < CHECK_MOST) { return batch(); }
      });
    }
    return batch().then(function () {
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
          summary(result, q)));
        var all = element("a", "sp-quick__all", "All results and filters");
        all.href = new URL("search/?" + paramsOf({ q: q, order: "", filters: {} }), ROOT).href;
        status.appendChild(document.createTextNode(" · "));
        status.appendChild(all);
        var list = panel.appendChild(element("ol", "sp-results"));
        panel.hidden = false;
        input.setAttribute("aria-expanded", "true");
        return showResults(list, result, QUICK_SIZE, function () {
          if (ticket === asked) { status.firstChild.textContent = summary(result, q); }
        });
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
    var state = stateFrom(new URLSearchParams(location.search)), expanded = {}, asked = 0, current = null;
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
        var n = result.ids.length;
        status.textContent = summary(result, state.q);
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
      var result = current;
      more.hidden = true;
      return showResults(list, result, PAGE_SIZE, function () {
        if (result === current) { status.textContent = summary(result, state.q); }
      }).then(function () {
        if (result === current) { more.hidden = result.next >= result.ids.length; }
      });
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

  // ---------------------------------------------------------------- the query's words on the page a result opens

  /**
   * On a page opened from a result (…/?highlight=forced+labour#p12): mark the query's words in the article,
   * each text in its own language, and bring the paragraph into view again once they are marked.
   */
  function highlight(q) {
    var article = document.querySelector("article") || document.querySelector(".md-content");
    if (!article) { return Promise.resolve(0); }
    return openIndex().then(function (index) {
      var state = { q: q, order: "", filters: {} }, query = parse(q);
      var marker = markerOf(index, { query: query, languages: languagesOf(state) });
      var walker = document.createTreeWalker(article, NodeFilter.SHOW_TEXT, {
        acceptNode: function (node) {
          return node.parentElement.closest("script, style, mark, .sp-cite, .md-clipboard") ? NodeFilter.FILTER_REJECT : NodeFilter.FILTER_ACCEPT;
        },
      });
      var nodes = [], node, count = 0;
      while ((node = walker.nextNode())) { nodes.push(node); }
      nodes.forEach(function (text) {
        var holder = text.parentElement.closest("[lang]");
        var language = (holder ? holder.getAttribute("lang") : "en").slice(0, 2).toLowerCase();
        var runs = marked(text.data, marker, language);
        if (!runs.some(function (run) { return run.hit >= 0; })) { return; }
        var fragment = document.createDocumentFragment();
        appendMarked(fragment, text.data, runs, 0, text.data.length);
        fragment.querySelectorAll("mark").forEach(function (mark) { mark.className = "sp-hit"; count++; });
        text.parentNode.replaceChild(fragment, text);
      });
      var target = location.hash ? document.getElementById(decodeURIComponent(location.hash.slice(1))) : null;
      if (target) { target.scrollIntoView({ block: "start" }); }
      document.documentElement.setAttribute("data-sp-highlighted", String(count));
      return count;
    });
  }
  var asked = new URLSearchParams(location.search).get("highlight");
  if (asked && !pageRoot) { highlight(asked).catch(function () {}); }

  /**
   * The first `size` results' cards and lines (read from their pages, for excerpts): what bench/search.py times
   * against Pagefind's API. A result whose text does not hold a longer phrase of the query is left out.
   */
  function results(state, size) {
    return search(state).then(function (result) {
      var kept = [], from = 0;
      function batch() {
        var shown = result.ids.slice(from, from + size - kept.length);
        from += shown.length;
        return Promise.all(shown.map(function (id) {
          return checked(result, id).then(function (found) {
            return (found.lines || linesOf(found.card)).then(function (lines) { return found.holds ? { card: found.card, lines: lines } : null; });
          });
        })).then(function (found) {
          kept = kept.concat(found.filter(Boolean));
          if (kept.length < size && from < result.ids.length && from < CHECK_MOST) { return batch(); }
          return { count: result.ids.length - (result.dropped ? result.dropped.size : 0), results: kept };
        });
      }
      return batch();
    });
  }
  /** A word's stem in a language, as the index has it (for the tests that hold Python and the browser to one stem). */
  function stem(language, form) { return openIndex().then(function (index) { return index.stem(language, form); }); }
  window.spArchiveSearch = { words: words, split: split, stem: stem, parse: parse, search: search, results: results };
})();
