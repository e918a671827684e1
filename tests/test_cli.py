"""The `sp-archive validate` command: exit status, one-line summary, every error at once, never a traceback."""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest
from synthetic import communication, line_of, reply, write_archive, write_text

from generator import cli

REPO = Path(__file__).resolve().parents[1]
LETTER = "content/communications/2021/al-oth-1-2021.yaml"
SCRIPT = Path(sys.executable).with_name("sp-archive")


def sp_archive(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    """Run the installed console script (or the module, where the script is not installed)."""
    command = [str(SCRIPT)] if SCRIPT.exists() else [sys.executable, "-m", "generator.cli"]
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    return subprocess.run([*command, *args], capture_output=True, text=True, cwd=cwd, env=env, timeout=60, check=False)


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    """Run the command in this process; return the exit status, stdout and stderr."""
    status = cli.main(list(args))
    out, err = capsys.readouterr()
    return status, out, err


@pytest.fixture(autouse=True)
def _in_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)


def broken_archive() -> Path:
    """Three broken files, whose errors sort across files and lines."""
    root = write_archive(Path("content"))
    write_text(root, "mandates/sr-b.yaml", "# SYNTHETIC\nid: sr-b\nid: sr-c\n")
    write_text(root, "mandates/sr-a.yaml", "# SYNTHETIC\nid: sr-a\ntitle: [\n")
    write_text(root, "norms/x.yaml", "# SYNTHETIC\ninstrument: !!python/name:os.system\nprovisions: nope\n")
    return root


BROKEN = [
    "content/mandates/sr-a.yaml:4: YAML syntax error: expected the node content, but found '<stream end>'",
    "content/mandates/sr-b.yaml:3: duplicate key 'id' (first on line 2)",
    (
        "content/norms/x.yaml:2: YAML tag '!!python/name:os.system' is not allowed; records hold plain strings,"
        " numbers, dates, lists and mappings"
    ),
]


def test_valid_content_exits_0_with_a_one_line_summary(tmp_path: Path) -> None:
    write_archive(Path("content"), replies=[reply()])
    result = sp_archive("validate", "--content", "content", cwd=tmp_path)
    assert (result.returncode, result.stderr) == (0, "")
    assert result.stdout == "valid: 1 communication(s), 1 reply(ies), 1 norm file(s), 1 mandate(s)\n"


def test_content_folder_defaults_to_content_in_the_working_folder(capsys: pytest.CaptureFixture[str]) -> None:
    write_archive(Path("content"))
    assert run(capsys, "validate") == (0, "valid: 1 communication(s), 0 reply(ies), 1 norm file(s), 1 mandate(s)\n", "")


def test_invalid_content_exits_1_with_every_error_sorted_by_file_then_line(tmp_path: Path) -> None:
    broken_archive()
    result = sp_archive("validate", "--content", "content", cwd=tmp_path)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert result.stdout == ""
    assert result.stderr.splitlines() == [*BROKEN, "3 error(s) in 3 file(s)"]


def test_warnings_are_printed_but_do_not_fail(capsys: pytest.CaptureFixture[str]) -> None:
    write_archive(Path("content"), communications=[communication(allegations=[])])
    status, out, err = run(capsys, "validate", "--content", "content")
    assert status == 0
    assert out == "valid: 1 communication(s), 0 reply(ies), 1 norm file(s), 1 mandate(s); 1 warning(s)\n"
    line = line_of(Path(LETTER), "reference:")
    assert (
        err == f"{LETTER}:{line}: warning: reference: no allegations recorded; readers cannot follow it to its norms\n"
    )


def test_strict_turns_warnings_into_errors(capsys: pytest.CaptureFixture[str]) -> None:
    write_archive(Path("content"), communications=[communication(allegations=[])])
    status, out, err = run(capsys, "validate", "--content", "content", "--strict")
    line = line_of(Path(LETTER), "reference:")
    assert (status, out) == (1, "")
    assert err.splitlines() == [
        f"{LETTER}:{line}: warning: reference: no allegations recorded; readers cannot follow it to its norms",
        "1 error(s) in 1 file(s)",
    ]


def test_github_format_prints_workflow_annotations(capsys: pytest.CaptureFixture[str]) -> None:
    letter = communication(allegations=[], date_public=date(2021, 3, 1))
    write_archive(Path("content"), communications=[letter])
    status, out, err = run(capsys, "validate", "--content", "content", "--format", "github")
    assert status == 1
    assert out.splitlines() == [
        (
            f"::error file={LETTER},line={line_of(Path(LETTER), 'date_public:')},title=date_public::"
            "date public 2021-03-01 is before the date sent 2021-03-12"
        ),
        (
            f"::warning file={LETTER},line={line_of(Path(LETTER), 'reference:')},title=reference::"
            "no allegations recorded; readers cannot follow it to its norms"
        ),
    ]
    assert err == "1 error(s) in 1 file(s)\n"


def test_github_format_escapes_what_would_break_an_annotation(capsys: pytest.CaptureFixture[str]) -> None:
    root = write_archive(Path("content"))
    write_text(root, "mandates/a,b.yaml", "# SYNTHETIC\nid: 100%\nid: again\n")
    status, out, _ = run(capsys, "validate", "--content", "content", "--format", "github")
    assert status == 1
    assert out == "::error file=content/mandates/a%2Cb.yaml,line=3,title=record::duplicate key 'id' (first on line 2)\n"


def test_paths_restrict_the_report_to_those_files(capsys: pytest.CaptureFixture[str]) -> None:
    broken_archive()
    status, _, err = run(
        capsys, "validate", "--content", "content", "content/mandates/sr-b.yaml", "content/norms/x.yaml"
    )
    assert status == 1
    assert err.splitlines() == [BROKEN[1], BROKEN[2], "2 error(s) in 2 file(s)"]


def test_paths_may_name_a_folder(capsys: pytest.CaptureFixture[str]) -> None:
    broken_archive()
    status, _, err = run(capsys, "validate", "--content", "content", "content/mandates")
    assert status == 1
    assert err.splitlines() == [BROKEN[0], BROKEN[1], "2 error(s) in 2 file(s)"]


def test_paths_of_valid_files_report_nothing_about_others_but_do_not_pass(capsys: pytest.CaptureFixture[str]) -> None:
    broken_archive()
    status, out, err = run(capsys, "validate", "--content", "content", LETTER)
    assert (status, out) == (1, "")
    assert err.startswith("3 other file(s) have errors, so the cross-record checks did not run")


def test_paths_work_from_any_working_folder(tmp_path: Path) -> None:
    broken_archive()
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    result = sp_archive(
        "validate", "--content", str(tmp_path / "content"), str(tmp_path / "content/mandates/sr-b.yaml"), cwd=elsewhere
    )
    assert result.returncode == 1
    assert result.stderr.splitlines() == [BROKEN[1], "1 error(s) in 1 file(s)"]


def test_missing_content_folder_is_a_clear_error(tmp_path: Path) -> None:
    result = sp_archive("validate", "--content", "no-such-folder", cwd=tmp_path)
    assert (result.returncode, result.stdout) == (2, "")
    assert result.stderr == "sp-archive: content folder not found: no-such-folder (give it with --content DIR)\n"


def test_internal_error_is_one_line_never_a_traceback(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    def explode(root: Path) -> None:
        raise KeyError("boom")

    write_archive(Path("content"))
    monkeypatch.setattr(cli, "load_content", explode)
    status, out, err = run(capsys, "validate")
    assert (status, out) == (1, "")
    assert err == "sp-archive: internal error: KeyError: 'boom' (run with --debug for details)\n"
    with pytest.raises(KeyError):
        cli.main(["--debug", "validate"])


def test_unknown_option_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as caught:
        cli.main(["validate", "--strcit"])
    assert caught.value.code == 2
    assert "unrecognized arguments: --strcit" in capsys.readouterr().err


def test_real_content_is_valid() -> None:
    if not (REPO / "content" / "archive.yaml").exists():
        pytest.skip("content/archive.yaml not written yet")
    result = sp_archive("validate", "--content", str(REPO / "content"), cwd=REPO)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("valid: ")

