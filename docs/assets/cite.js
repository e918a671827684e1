// "Cite this letter": BibTeX, RIS and CSL-JSON made in the reader's browser from the page's own citation tags
// (<meta name="citation_*">, written by generator/render/citation.py for Zotero and Google Scholar), so that
// 20,000 letter pages do not each carry three copies of them (issue 20). Loaded only by letter pages
// (overrides/main.html). Record text is only ever set as text, never as HTML.
(() => {
  "use strict";
  const box = document.querySelector(".sp-cite-formats");
  if (!box) return;
  const meta = name => [...document.head.querySelectorAll(`meta[name="${name}"]`)].map(m => m.content);
  const one = name => meta(name)[0] || "";
  const [year, month, day] = one("citation_date").split("/").map(Number);
  if (!year || !month || !day) return;
  const letter = {
    title: one("citation_title"), authors: meta("citation_author"), reference: one("citation_technical_report_number"),
    publisher: one("citation_publisher"), url: one("citation_public_url"), language: one("citation_language"),
    note: one("sp-citation-note"),
  };
  const pad = n => String(n).padStart(2, "0");
  const iso = `${year}-${pad(month)}-${pad(day)}`;
  const line = text => text.split(/\s+/).filter(Boolean).join(" ");

  // BibTeX: one line a field, TeX's special characters escaped, institutional authors in double braces so that
  // no tool splits them into first and last names.
  const TEX = {"\\": "\\textbackslash{}", "~": "\\textasciitilde{}", "^": "\\textasciicircum{}", "{": "\\{", "}": "\\}",
               "%": "\\%", "&": "\\&", "#": "\\#", "$": "\\$", "_": "\\_"};
  const bib = text => line(text).replace(/[\\~^{}%&#$_]/g, c => TEX[c]);
  const MONTHS = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"];
  const bibtex = () => {
    const fields = [
      ["author", `{${letter.authors.map(a => `{${bib(a)}}`).join(" and ")}}`],
      ["title", `{{${bib(letter.title)}}}`],
      ["year", `{${year}}`],
      ["month", MONTHS[month - 1]],
      ["date", `{${iso}}`],
      ["howpublished", `{${bib(`${letter.publisher}, communication ${letter.reference}`)}}`],
      ["url", `{${bib(letter.url)}}`],
      ["note", `{${bib(letter.note)}}`],
    ];
    const key = letter.reference.replace(/[ /]/g, "-");
    return `@misc{${key},\n${fields.map(([name, value]) => `  ${name} = ${value}`).join(",\n")}\n}\n`;
  };

  // RIS: a generic record (GEN), one author line a mandate.
  const ris = () => [
    ["TY", "GEN"], ...letter.authors.map(a => ["AU", line(a)]), ["TI", line(letter.title)], ["PY", String(year)],
    ["DA", `${year}/${pad(month)}/${pad(day)}`], ["PB", letter.publisher], ["UR", letter.url], ["N1", line(letter.note)],
    ["ER", ""],
  ].map(([tag, value]) => `${tag}  - ${value}\n`).join("");

  // CSL-JSON: the format of Zotero, Pandoc and citeproc.
  const csl = () => JSON.stringify([{
    id: letter.reference, type: "document", title: letter.title, author: letter.authors.map(a => ({literal: a})),
    issued: {"date-parts": [[year, month, day]]}, publisher: letter.publisher, number: letter.reference,
    URL: letter.url, note: letter.note, language: letter.language,
  }]) + "\n";

  const formats = [["BibTeX", bibtex()], ["RIS", ris()], ["CSL-JSON", csl()]].map(([name, text]) => {
    const details = document.createElement("details");
    details.className = "sp-cite-format";
    const summary = document.createElement("summary");
    summary.textContent = name;
    const code = document.createElement("code");
    code.textContent = text;
    const pre = document.createElement("pre");
    pre.append(code);
    details.append(summary, pre);
    return details;
  });
  box.replaceChildren(...formats);
})();
