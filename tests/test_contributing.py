"""Contributor tooling: `sp-archive new`, the field reference, and the guide, forms and workflows."""

from __future__ import annotations

import re
import shlex
import subprocess
import sys
from importlib.metadata import entry_points
from pathlib import Path

import pytest
from pydantic import BaseModel, Field
from ruamel.yaml import YAML

from generator.cli import argument_parser, main
from generator.model.fields import field_rows, fields_markdown, models_of
from generator.model.schema import MODELS

sys.path.insert(0, str(Path(__file__).parent))
import synthetic

REPO = Path(__file__).resolve().parent.parent
WORKFLOWS = sorted((REPO / ".github" / "workflows").glob("*.yml"))
ACTIONLINT = [sys.executable, "-m", "jactionlint", "--profile", "correctness", "--shellcheck=", "--no-color"]

SKELETON_ERRORS = [
    "6: date_sent: fill in the date on the letter, as YYYY-MM-DD",
    "11: salutation: fill in the salutation verbatim, e.g. 'Excellency,'",
    "13: mandates[0].mandate: fill in the id of a mandate in content/mandates/, e.g. sr-torture",
    "14: mandates[0].resolution: fill in the Human Rights Council resolution the letter cites for it, e.g. 43/20",
    "15: language: fill in the ISO 639-1 code of the letter's language, e.g. en",
    "20: sections[0].paragraphs[0].text: fill in the letter's first paragraph, verbatim",
    "22: signatories[0].name: fill in the signatory's name as signed",
    "23: signatories[0].title: fill in the signatory's title as printed under the name",
    "24: signatories[0].mandate: fill in the id of the mandate the signatory holds, one of those under mandates",
    "26: source.url: fill in the URL of the letter as published",
    "28: transcription.transcribed_from: fill in the file or document the text was transcribed from",
]
"""What `sp-archive validate` says of a fresh 'UA SYR 3/2014' skeleton, after its file name."""

FILLED = {
    "date_sent": "2014-02-03", "salutation": "Excellency,", "mandate": "sr-testing", "resolution": '"1/1"',
    "language": "en", "text": f'"{synthetic.MARK}"', "name": "SYNTHETIC Signatory", "title": "SYNTHETIC title",
    "url": "https://example.org/synthetic/letter.pdf", "transcribed_from": f'"{synthetic.MARK}"',
    "kind": "company",
}
"""A synthetic value for each placeholder, by field name."""


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    """Run the CLI in-process; return its exit status, standard output and standard error."""
    status = main(list(argv))
    out, err = capsys.readouterr()
    return status, out, err


@pytest.fixture
def content(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A copy of the real content/ in a scratch folder that is also the working directory."""
    root = tmp_path / "content"
    for path in (REPO / "content").rglob("*.yaml"):
        target = root / path.relative_to(REPO / "content")
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(path.read_bytes())
    monkeypatch.chdir(tmp_path)
    return Path("content")


@pytest.fixture
def synthetic_content(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A valid synthetic archive (mandate sr-testing, letter AL OTH 1/2021) in the working directory."""
    synthetic.write_archive(tmp_path / "content")
    monkeypatch.chdir(tmp_path)
    return Path("content")


def filled(path: Path) -> None:
    """Replace every placeholder line of a skeleton with a synthetic value for its field."""
    def value(match: re.Match[str]) -> str:
        return f"{match[1]}{match[2]}: {FILLED[match[2]]}"
    text = re.sub(r'^(\s*(?:- )?)(\w+): "FILL IN: .*"$', value, path.read_text(encoding="utf-8"), flags=re.MULTILINE)
    path.write_text(text, encoding="utf-8")


# ---------------------------------------------------------------- sp-archive new


def test_new_communication_writes_the_skeleton_under_the_numbering_year(
    content: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    status, out, err = run(capsys, "new", "communication", "UA SYR 3/2014", "--content", "content")
    assert (status, out, err) == (0, "content/communications/2014/ua-syr-3-2014.yaml\n", "")
    lines = (content / "communications/2014/ua-syr-3-2014.yaml").read_text(encoding="utf-8").splitlines()
    assert lines[0] == "# yaml-language-server: $schema=../../../schema/communication.schema.json"
    assert (content.parent.resolve() / "content/communications/2014" / "../../../schema").resolve() == (
        content.parent.resolve() / "schema"
    )
    assert lines[4:10] == [
        "reference: UA SYR 3/2014",
        'date_sent: "FILL IN: the date on the letter, as YYYY-MM-DD"',
        "addressee:",
        "  kind: state",
        "  name: Syrian Arab Republic",
        "  country: SYR",
    ]


def test_the_skeleton_fails_validation_with_a_fill_in_message_per_placeholder(
    content: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    run(capsys, "new", "communication", "UA SYR 3/2014")
    status, _, err = run(capsys, "validate")
    file = "content/communications/2014/ua-syr-3-2014.yaml"
    assert status == 1
    assert err.splitlines() == [f"{file}:{line}" for line in SKELETON_ERRORS] + ["11 error(s) in 1 file(s)"]


def test_the_skeleton_with_every_placeholder_filled_in_is_valid(
    synthetic_content: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    run(capsys, "new", "communication", "UA SYR 3/2014")
    filled(synthetic_content / "communications/2014/ua-syr-3-2014.yaml")
    status, out, err = run(capsys, "validate")
    assert status == 0, err
    assert out.startswith("valid: 2 communication(s)")
    assert err == "content/communications/2014/ua-syr-3-2014.yaml:5: warning: reference: no allegations recorded; " \
                  "readers cannot follow it to its norms\n"  # allegations are optional: a skeleton has none


def test_new_refuses_to_overwrite_a_record(content: Path, capsys: pytest.CaptureFixture[str]) -> None:
    run(capsys, "new", "communication", "UA SYR 3/2014")
    record = content / "communications/2014/ua-syr-3-2014.yaml"
    record.write_text("reference: UA SYR 3/2014\n", encoding="utf-8")
    status, out, err = run(capsys, "new", "communication", "UA SYR 3/2014")
    assert (status, out) == (1, "")
    assert err == (
        "sp-archive: content/communications/2014/ua-syr-3-2014.yaml already exists; "
        "edit it, or move it away to start again\n"
    )
    assert record.read_text(encoding="utf-8") == "reference: UA SYR 3/2014\n"


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["communication", "UA SYR 3-2014"],
         "'UA SYR 3-2014' is not a reference; expected TYPE CODE NUMBER/YEAR such as 'AL OTH 102/2021'"),
        (["communication", "XX SYR 3/2014"], "unknown communication type 'XX' (known: AL, UA, OL, JAL, JUA, JOL)"),
        (["communication", "UA SYX 3/2014"],
         "'SYX' is not an ISO 3166-1 alpha-3 country code (or OTH for non-State addressees)"),
        (["reply", "AL OTH 102/2021", "2021-5-10"],
         "'2021-5-10' is not a date; expected YYYY-MM-DD such as '2021-05-10'"),
        (["reply", "AL OTH 102/2021", "2021-02-30"],
         "'2021-02-30' is not a date; expected YYYY-MM-DD such as '2021-05-10'"),
    ],
)
def test_new_with_a_bad_reference_or_date_says_why_and_writes_nothing(
    content: Path, capsys: pytest.CaptureFixture[str], argv: list[str], message: str
) -> None:
    before = sorted(content.rglob("*"))
    assert run(capsys, "new", *argv) == (1, "", f"sp-archive: {message}\n")
    assert sorted(content.rglob("*")) == before


def test_new_without_a_content_folder_says_so(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    missing = tmp_path / "nowhere"
    status, out, err = run(capsys, "new", "communication", "UA SYR 3/2014", "--content", str(missing))
    assert (status, out) == (2, "")
    assert err == f"sp-archive: content folder not found: {missing} (give it with --content DIR)\n"
    assert not missing.exists()


def test_new_reply_writes_under_the_year_of_its_date(content: Path, capsys: pytest.CaptureFixture[str]) -> None:
    status, out, err = run(capsys, "new", "reply", "AL OTH 102/2021", "2022-01-05")
    assert (status, out, err) == (0, "content/replies/2022/al-oth-102-2021--2022-01-05.yaml\n", "")
    text = (content / "replies/2022/al-oth-102-2021--2022-01-05.yaml").read_text(encoding="utf-8")
    assert text.splitlines()[0] == "# yaml-language-server: $schema=../../../schema/reply.schema.json"
    assert "reply_to: AL OTH 102/2021\ndate: 2022-01-05\n" in text
    status, _, err = run(capsys, "validate")
    assert status == 1
    assert "content/replies/2022/al-oth-102-2021--2022-01-05.yaml:8: sender.kind: fill in the kind of sender: " \
           "company or organisation\n" in err


def test_a_reply_skeleton_with_every_placeholder_filled_in_is_valid(
    synthetic_content: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    run(capsys, "new", "reply", "AL OTH 1/2021", "2021-05-01")
    filled(synthetic_content / "replies/2021/al-oth-1-2021--2021-05-01.yaml")
    status, out, err = run(capsys, "validate")
    assert (status, err) == (0, "")
    assert out.startswith("valid: 1 communication(s), 1 reply(ies)")


def test_a_letter_to_a_company_leaves_the_addressee_to_fill_in(
    content: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    run(capsys, "new", "communication", "AL OTH 7/2022")
    status, _, err = run(capsys, "validate")
    file = "content/communications/2022/al-oth-7-2022.yaml"
    assert status == 1
    assert [line for line in err.splitlines() if "addressee" in line] == [
        f"{file}:8: addressee.kind: fill in the kind of addressee: company or organisation",
        f"{file}:9: addressee.name: fill in the name of the company or organisation",
        (f"{file}:10: addressee.country: fill in the ISO 3166-1 alpha-3 code of the country a company is based in "
         "(remove this line for an organisation)"),
        (f"{file}:11: addressee.person: fill in the person named in the salutation, as the letter writes the name "
         "(remove this line if none)"),
    ]


def test_the_installed_command_runs_new_end_to_end(content: Path) -> None:
    command = [str(Path(sys.executable).parent / "sp-archive"), "new", "communication", "UA SYR 3/2014"]
    result = subprocess.run(command, check=False, capture_output=True, text=True, timeout=60)
    assert (result.returncode, result.stdout, result.stderr) == (
        0, "content/communications/2014/ua-syr-3-2014.yaml\n", ""
    )


# ---------------------------------------------------------------- the field reference


def test_committed_fields_md_is_up_to_date() -> None:
    committed = (REPO / "FIELDS.md").read_text(encoding="utf-8")
    assert committed == fields_markdown(), "FIELDS.md is out of date: run `.venv/bin/sp-archive fields > FIELDS.md`"


def test_sp_archive_fields_prints_the_reference(capsys: pytest.CaptureFixture[str]) -> None:
    assert run(capsys, "fields") == (0, fields_markdown(), "")


def test_every_model_field_has_a_description() -> None:
    assert undocumented([m for model in MODELS.values() for m in models_of(model)]) == []


def test_an_undocumented_field_is_caught() -> None:
    class Sample(BaseModel):
        named: str = Field(description="Documented.")
        bare: str

    assert undocumented([Sample]) == ["Sample.bare"]


def test_the_reference_names_nested_fields_with_type_and_requirement() -> None:
    rows = {row.path: row for row in field_rows(MODELS["communication"])}
    paragraph_id = rows["sections[].paragraphs[].id"]
    assert (paragraph_id.type, paragraph_id.required) == ("id", True)
    date_public = rows["date_public"]
    assert (date_public.type, date_public.required, date_public.default) == ("date", False, "none")
    assert rows["mandates"].type == "list of mapping (MandateCitation), at least 1"
    assert rows["allegations[].norms[].basis"].type == "one of: `letter`, `editorial`"
    assert rows["transcription.repairs[].kind"].type.startswith("one of: `running-header`, `page-number`")
    assert rows["related[].in_archive"].default == "`true`"
    assert "| `reference` | reference | required |  | The reference as printed, e.g. 'AL OTH 102/2021'. |" in (
        fields_markdown().splitlines()
    )


def undocumented(models: list[type[BaseModel]]) -> list[str]:
    """'Model.field' for every field without a description."""
    return [f"{m.__name__}.{name}" for m in models for name, info in m.model_fields.items() if not info.description]


# ---------------------------------------------------------------- guide, forms and workflows


def test_workflows_pass_actionlint() -> None:
    assert [p.name for p in WORKFLOWS] == ["pages.yml", "pr.yml"]
    result = subprocess.run([*ACTIONLINT, *map(str, WORKFLOWS)], check=False, capture_output=True, text=True,
                            timeout=60, cwd=REPO)
    assert (result.returncode, result.stdout) == (0, "")


def test_actionlint_catches_a_broken_workflow(tmp_path: Path) -> None:
    broken = tmp_path / "broken.yml"
    broken.write_text("on: push\njobs:\n  x:\n    runs-on: ubuntu-latest\n    steps:\n"
                      "      - run: echo ${{ github.nope }}\n")
    result = subprocess.run([*ACTIONLINT, str(broken)], check=False, capture_output=True, text=True, timeout=60)
    assert result.returncode == 1
    assert 'property "nope" is not defined' in result.stdout


def test_pages_workflow_builds_uploads_and_deploys_with_pages_permissions() -> None:
    workflow = YAML(typ="safe").load((REPO / ".github/workflows/pages.yml").read_text(encoding="utf-8"))
    assert workflow["on"] == {"push": {"branches": ["main"]}, "workflow_dispatch": None}
    assert workflow["concurrency"] == {"group": "pages", "cancel-in-progress": False}
    build, deploy = workflow["jobs"]["build"], workflow["jobs"]["deploy"]
    assert [s.get("run") for s in build["steps"] if "run" in s] == ["bash scripts/build.sh"]
    assert build["steps"][-1]["uses"].startswith("actions/upload-pages-artifact@")
    assert build["steps"][-1]["with"] == {"path": "site"}
    assert deploy["needs"] == "build"
    assert deploy["permissions"] == {"pages": "write", "id-token": "write"}
    assert deploy["steps"][0]["uses"].startswith("actions/deploy-pages@")


def test_pr_workflow_validates_builds_and_runs_the_tests() -> None:
    workflow = YAML(typ="safe").load((REPO / ".github/workflows/pr.yml").read_text(encoding="utf-8"))
    assert list(workflow["on"]) == ["pull_request"]
    runs = [s["run"] for s in workflow["jobs"]["check"]["steps"] if "run" in s]
    assert runs == [
        "bash scripts/setup.sh --test",
        ".venv/bin/sp-archive validate --format github",
        "bash scripts/build.sh",
        "bash scripts/test.sh",
    ]


def test_pre_commit_validates_changed_records_with_a_local_system_hook() -> None:
    config = YAML(typ="safe").load((REPO / ".pre-commit-config.yaml").read_text(encoding="utf-8"))
    [repo] = config["repos"]
    [hook] = repo["hooks"]
    assert (repo["repo"], hook["language"], hook["entry"]) == ("local", "system", ".venv/bin/sp-archive validate")
    assert re.search(hook["files"], "content/communications/2021/al-oth-102-2021.yaml")
    assert not re.search(hook["files"], "generator/model/base.py")
    assert not re.search(hook["files"], "mkdocs.yml")


def test_issue_forms_are_complete() -> None:
    forms = sorted((REPO / ".github/ISSUE_TEMPLATE").glob("*.yml"))
    assert [p.name for p in forms] == ["bug.yml", "config.yml", "correction.yml", "new-case.yml"]
    for path in forms:
        form = YAML(typ="safe").load(path.read_text(encoding="utf-8"))
        if path.name == "config.yml":
            continue
        assert form["name"] and form["description"], path.name
        ids = [item["id"] for item in form["body"] if item["type"] != "markdown"]
        assert len(ids) == len(set(ids)), path.name
        assert all(item["attributes"]["label"] for item in form["body"] if item["type"] != "markdown"), path.name


GUIDES = ["CONTRIBUTING.md", "README.md", ".github/pull_request_template.md", ".github/ISSUE_TEMPLATE/bug.yml",
          ".github/workflows/pr.yml", ".github/workflows/pages.yml", ".pre-commit-config.yaml"]


@pytest.mark.parametrize("name", GUIDES)
def test_every_command_a_guide_or_workflow_names_exists(name: str) -> None:
    commands = named_commands(REPO / name)
    assert commands, f"{name} names no command"
    assert [problem for command in commands if (problem := command_problem(command))] == []


def test_the_guide_names_the_commands_contributors_need() -> None:
    commands = named_commands(REPO / "CONTRIBUTING.md")
    for expected in [
        ".venv/bin/sp-archive new communication 'UA SYR 3/2014'",
        ".venv/bin/sp-archive new reply 'AL OTH 102/2021' 2021-05-10",
        ".venv/bin/sp-archive validate",
        "bash scripts/build.sh",
        ".venv/bin/mkdocs serve",
        "bash scripts/test.sh",
        ".venv/bin/sp-archive fields > FIELDS.md",
    ]:
        assert expected in commands


@pytest.mark.parametrize(
    ("command", "problem"),
    [
        ("bash scripts/nope.sh", "bash scripts/nope.sh: no such script"),
        ("sp-archive nope", "sp-archive nope: not an sp-archive command"),
        (".venv/bin/sp-archive validate --nope", ".venv/bin/sp-archive validate --nope: not an sp-archive command"),
        (".venv/bin/nope", ".venv/bin/nope: nothing the project installs"),
        (".venv/bin/mkdocs nope", ".venv/bin/mkdocs nope: not a mkdocs command"),
    ],
)
def test_the_command_check_catches_a_command_that_does_not_exist(command: str, problem: str) -> None:
    assert command_problem(command) == problem


def named_commands(path: Path) -> list[str]:
    """The shell commands a file names: Markdown code, workflow `run:` lines, pre-commit entries."""
    text = path.read_text(encoding="utf-8")
    if path.suffix == ".md":
        fenced = re.findall(r"^ *```\w*\n(.*?)^ *```", text, flags=re.MULTILINE | re.DOTALL)
        lines = [line.strip() for block in fenced for line in block.splitlines()]
        spans = re.findall(r"`([^`\n]+)`", re.sub(r"^ *```.*?^ *```", "", text, flags=re.MULTILINE | re.DOTALL))
        candidates = lines + spans
    elif path.name == ".pre-commit-config.yaml":
        config = YAML(typ="safe").load(text)
        candidates = [f"{hook['entry']} content/archive.yaml" for repo in config["repos"] for hook in repo["hooks"]]
    else:
        candidates = [line.strip().removeprefix("- ").removeprefix("run: ") for line in text.splitlines()
                      if re.match(r"\s*(- )?run: ", line)] + re.findall(r"`([^`\n]+)`", text)
    commands = []
    for candidate in candidates:
        for part in re.split(r"&&|;|\|", candidate.split(" #")[0]):
            part = part.strip()
            if re.match(r"(bash scripts/|(\.venv/bin/)?sp-archive \w|\.venv/bin/)", part):
                commands.append(part)
    return commands


def command_problem(command: str) -> str | None:
    """Why the command does not exist in this repository, or None."""
    words = shlex.split(command.split(" > ")[0])
    program = words[0]
    if program == "bash":
        return None if (REPO / words[1]).is_file() else f"{command}: no such script"
    if program in ("sp-archive", ".venv/bin/sp-archive"):
        try:
            argument_parser().parse_args(words[1:])
        except SystemExit:
            return f"{command}: not an sp-archive command"
        return None
    name = program.removeprefix(".venv/bin/")
    if name not in {"python", "pip"} | {e.name for e in entry_points(group="console_scripts")}:
        return f"{command}: nothing the project installs"
    if name == "mkdocs" and len(words) > 1:
        from mkdocs.__main__ import cli

        return None if words[1] in cli.commands else f"{command}: not a mkdocs command"
    return None
