"""The command line: parses options, calls the library, and is the only place that prints or exits."""
from __future__ import annotations

from pathlib import Path

import click

from .build import OUTPUTS
from .errors import DeckError
from .invocation import command
from .plural import counted

PROG = command()


def examples(*lines: str) -> str:
    """A help epilog of example command lines, each written as the user started the tool."""
    title = "Example:" if len(lines) == 1 else "Examples:"
    return "\b\n" + title + "\n" + "\n".join(f"  {PROG} {line}" for line in lines)


def default_content() -> Path:
    """The session a command given none means (see deck/default_session.py); a usage error when unclear."""
    from .default_session import NoSessionNamed, default_session

    try:
        return default_session(invoked=_invoked())
    except NoSessionNamed as error:
        raise click.UsageError(str(error)) from None


def _invoked() -> str:
    """The command line so far as the user would type it (`dilemma-deck i18n status`)."""
    names, ctx = [], click.get_current_context()
    while ctx.parent is not None:
        names.insert(0, ctx.info_name)
        ctx = ctx.parent
    return " ".join([PROG, *names])


content_argument = click.argument(
    "content", required=False, type=click.Path(dir_okay=False, path_type=Path))


out_option = click.option("--out", type=click.Path(file_okay=False, path_type=Path),
                          help="Output folder; default out/<session id>. Files go to OUT/<locale>/.")


def _locale_tags(context, parameter, value):
    """--locale as parsed language tags (exit 2 on anything else): a locale names folders."""
    from .locale_tag import BadTag, canonical

    try:
        if value is None or isinstance(value, str):
            return None if value is None else canonical(value)
        return tuple(canonical(v) for v in value)
    except BadTag as error:
        raise click.BadParameter(str(error)) from None


locales_option = click.option("--locale", "locales", multiple=True, metavar="L", callback=_locale_tags,
                              help="Locale to build (repeatable): the source, one with a catalog, or "
                                   "qps-ploc; default the session's language.")
layout_option = click.option("--layout", default="default", show_default=True,
                             help="A layout name from layouts/, or a path to a layout .yaml.")
template_option = click.option("--template", type=click.Path(dir_okay=False, path_type=Path),
                               help="Your own .pptx or .potx, in place of the layout's template.")
paper_option = click.option("--paper", type=click.Choice(["a4", "letter"]),
                            help="Paper for the PDFs; default the layout's (A4).")


def _fail(error: DeckError) -> click.ClickException:
    return click.ClickException(str(error))


@click.group(context_settings={"help_option_names": ["-h", "--help"]},
             epilog=examples("new my-session", "check my-session.yaml", "build my-session.yaml",
                             "new --example summerschool"))
@click.version_option(package_name="dilemma-deck", message="%(version)s")
def main() -> None:
    """Make a dilemma workshop's deck, worksheets and run sheet from one YAML file.

    Commands given no session file use the one session file in the current
    folder.
    """
    from .output import build_time

    try:
        build_time()  # SOURCE_DATE_EPOCH is part of the command line's setting: a bad one is a usage error
    except DeckError as error:
        raise click.UsageError(str(error)) from None


@main.command(epilog=examples("check my-session.yaml", "check --start 13:30"))
@content_argument
@click.option("--start", metavar="HH:MM", help="Start time for the clock times (overrides the session's).")
def check(content: Path | None, start: str | None) -> None:
    """Validate a session and show its groups and agenda.

    CONTENT is a session YAML file; by default the one in the current folder.
    Exits 0 when the content is fine, 1 with every problem located
    (file:line:col: key.path: message) when it is not.
    """
    from .advice import title_only, unwritten_alt
    from .errors import ContentError
    from .glyphs import missing_glyphs
    from .session import open_session
    from .summary import summary

    try:
        planned = open_session(content or default_content(), _valid_start(start))
        lacking = missing_glyphs(planned.session)
        if lacking:
            raise ContentError(lacking)
    except DeckError as error:
        raise _fail(error) from None
    for warning in title_only(planned.session) + unwritten_alt(planned.session):
        click.echo(f"warning: {warning}", err=True)
    click.echo(summary(planned))


def _valid_start(start: str | None) -> str | None:
    import re

    from .format import clock

    if start is not None and not re.fullmatch(clock.pattern, start):
        raise click.BadParameter(f"'{start}' is not a time as HH:MM, e.g. 09:30", param_hint="--start")
    return start


@main.command(epilog=examples("new privacy-day", "new privacy-day --dir sessions",
                              "new --example summerschool"))
@click.argument("name", required=False)
@click.option("--example", metavar="NAME",
              help="Copy a shipped example session and its catalogs instead (summerschool).")
@click.option("--dir", "folder", type=click.Path(file_okay=False, path_type=Path),
              help="Folder to write into; default the current folder.")
def new(name: str | None, example: str | None, folder: Path | None) -> None:
    """Start a new session: a commented NAME.yaml that builds as it is.

    NAME is the session's name (its id is made from it) or a path ending in
    .yaml. With --example, the shipped example is copied to study and build.
    An existing file is never overwritten.
    """
    from .scaffold import copy_example, new_session

    if (name is None) == (example is None):
        raise click.UsageError("name a new session (`new NAME`) or an example (`new --example summerschool`)")
    try:
        if example is not None:
            copied = copy_example(example, folder)
            click.echo(f"wrote {copied.path}  (session id '{copied.session_id}', "
                       f"{_catalogs(copied.catalogs)} in {copied.path.parent / 'locales'}"
                       + (f", {counted(len(copied.media), 'media file')} beside it)" if copied.media else ")"))
            click.echo(f"next: {PROG} build {_shell(copied.path)} --all-locales")
            return
        made = new_session(name, folder)
    except DeckError as error:
        raise _fail(error) from None
    click.echo(f"wrote {made.path}  (session id '{made.session_id}', media folder {made.media})")
    click.echo(f"next: {PROG} check {_shell(made.path)}")


def _shell(path: Path) -> str:
    import shlex

    return shlex.quote(str(path))


@main.command("import", epilog=examples("import old-deck.pptx -o mine.yaml", "import old-deck.pptx > mine.yaml"))
@click.argument("deck_file", metavar="DECK.pptx", type=click.Path(dir_okay=False, path_type=Path))
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path),
              help="Session file to write (never overwritten); default standard output.")
def import_deck(deck_file: Path, output: Path | None) -> None:
    """Turn an existing deck into a session file to finish by hand.

    Dilemma slides (a quoted text, then its answers) become cases, clustered
    by slide title; other slides become points or free slide blocks, their
    pictures written beside the session file (with -o) in media/. What to
    check by hand is printed to standard error and kept as comments at the
    top of the file.
    """
    from . import importer

    try:
        imported = importer.import_deck(deck_file, output)
        if output is not None:
            importer.write(imported, output)
    except DeckError as error:
        raise _fail(error) from None
    if output is None:
        click.echo(imported.yaml_text(), nl=False)
    for line in imported.report:
        click.echo(f"check: {line}", err=True)
    if output is not None:
        click.echo(f"wrote {output}  ({counted(len(imported.report), 'thing')} to check by hand)", err=True)


@main.command(epilog=examples("preview my-session.yaml --locale fr-BE"))
@content_argument
@click.option("--out", type=click.Path(file_okay=False, path_type=Path),
              help="Output folder, as for build; previews go to OUT/<locale>/preview/.")
@click.option("--locale", metavar="L", callback=_locale_tags,
              help="Locale to preview; default the session's language.")
def preview(content: Path | None, out: Path | None, locale: str | None) -> None:
    """Build, then draw contact sheets of the deck and every PDF (PNG grids) to check at a glance.

    The deck is drawn through LibreOffice Impress when it is installed.
    """
    from .preview import preview as make_previews

    try:
        sheets = make_previews(content or default_content(), out=out, locale=locale,
                               progress=lambda message: click.echo(f"building {message}", err=True),
                               warn=lambda message: click.echo(f"warning: {message}", err=True))
    except DeckError as error:
        raise _fail(error) from None
    for sheet in sheets:
        unit = "slide" if sheet.source.suffix == ".pptx" else "page"
        click.echo(f"wrote {sheet.path}  ({counted(sheet.count, unit)})")


@main.group(epilog=examples("i18n extract my-session.yaml", "i18n update my-session.yaml --locale fr-BE",
                            "i18n status --strict"))
def i18n() -> None:
    """Translate a session with gettext catalogs (Poedit, Weblate, msgfmt)."""


def _session_for(content: Path | None):
    from .session import open_session

    path = content or default_content()
    try:
        return path, open_session(path).session
    except DeckError as error:
        raise _fail(error) from None


@i18n.command(epilog=examples("i18n extract my-session.yaml"))
@content_argument
def extract(content: Path | None) -> None:
    """Write the .pot template of every translatable text (locales/<id>.pot beside the content)."""
    from . import i18n as catalogs

    path, session = _session_for(content)
    try:
        click.echo(f"wrote {catalogs.extract(session, path)}")
    except DeckError as error:
        raise _fail(error) from None


@i18n.command(epilog=examples("i18n update --locale en-GB --locale fr-BE"))
@content_argument
@click.option("--locale", "locales", multiple=True, metavar="L", callback=_locale_tags,
              help="Locale to create or update (repeatable); default every existing catalog.")
def update(content: Path | None, locales: tuple[str, ...]) -> None:
    """Create or update catalogs: changed texts become fuzzy, removed ones obsolete."""
    from . import i18n as catalogs

    path, session = _session_for(content)
    chosen = list(locales) or catalogs.catalog_locales(session)
    if not chosen:
        raise click.UsageError("no catalogs yet; name one with --locale, e.g. --locale fr-BE")
    try:
        for locale in chosen:
            written, state = catalogs.update(session, path, locale)
            click.echo(f"wrote {written}  ({_counts(state)})")
    except DeckError as error:
        raise _fail(error) from None


@i18n.command("tool-words", epilog=examples("i18n tool-words --language pl"))
@click.option("--language", required=True, metavar="LANG", help="Language code, e.g. pl, ar, zh.")
def tool_words(language: str) -> None:
    """Create or update the catalog of the tool's own words (labels, headings) for a language.

    Writes deck/locales/LANG/LC_MESSAGES/deck.po in the installed package (in
    a checkout, beside the others); translate it like a session's catalog.
    """
    import re

    from . import i18n as catalogs

    if not re.fullmatch(r"[a-z]{2,3}", language):
        raise click.BadParameter(f"'{language}' is not a language code such as pl", param_hint="--language")
    try:
        click.echo(f"wrote {catalogs.update_tool_words(language)}")
    except DeckError as error:
        raise _fail(error) from None


@i18n.command(epilog=examples("i18n status --strict"))
@content_argument
@click.option("--strict", is_flag=True, help="Exit 1 when any locale is incomplete.")
def status(content: Path | None, strict: bool) -> None:
    """Show, per locale, translated / fuzzy / untranslated / obsolete and the percentage."""
    from . import i18n as catalogs

    _, session = _session_for(content)
    try:
        states = catalogs.status(session)
    except DeckError as error:
        raise _fail(error) from None
    if not states:
        click.echo(f"no catalogs yet: {PROG} i18n update --locale LOCALE")
        return
    click.echo(f"{'locale':<10} {'translated':>10} {'fuzzy':>6} {'untranslated':>12} {'obsolete':>8} {'done':>7}")
    for state in states:
        click.echo(f"{state.locale:<10} {state.translated:>10} {state.fuzzy:>6} {state.untranslated:>12} "
                   f"{state.obsolete:>8} {state.percent:>6.1f}%")
    from .errors import ContentError
    from .glyphs import catalog_problems

    try:
        lacking = catalog_problems(session)
    except DeckError as error:
        raise _fail(error) from None
    if lacking:
        raise _fail(ContentError(lacking))
    incomplete = [s.locale for s in states if not s.complete]
    if strict and incomplete:
        raise click.ClickException(f"incomplete: {', '.join(incomplete)}")


def _counts(state) -> str:
    return (f"{state.translated} translated, {state.fuzzy} fuzzy, {state.untranslated} untranslated, "
            f"{state.obsolete} obsolete")


@main.command(epilog=examples("build", "build my-session.yaml --out out/test --only deck",
                              "build --template corporate.potx", "build --all-locales"))
@content_argument
@out_option
@locales_option
@click.option("--all-locales", is_flag=True, help="Build the source and every locale with a catalog.")
@click.option("--strict", is_flag=True, help="Fail on any missing or stale translation.")
@click.option("--allow-missing-glyphs", is_flag=True,
              help="Warn, rather than fail, when no font has a character of the text (it shows as a box).")
@click.option("--only", type=click.Choice(OUTPUTS), multiple=True,
              help="Build only these outputs (repeatable): the deck, the group worksheets, the run sheet "
                   "(guide), the participants' handout.")
@paper_option
@layout_option
@template_option
@click.option("--start", metavar="HH:MM", help="Start time for the clock times in the notes.")
@click.option("--answers", type=click.Path(dir_okay=False, path_type=Path),
              help="The groups' answers (answers.json from collect) for the debrief; default the "
                   "answers.json beside the session, when there is one.")
@click.option("-q", "--quiet", is_flag=True, help="Print nothing but errors and warnings.")
@click.option("-v", "--verbose", is_flag=True, help="Show each step as it starts, with the time so far.")
def build(content, out, locales, all_locales, strict, allow_missing_glyphs, only, paper, layout, template, start,
          answers, quiet, verbose) -> None:
    """Build the deck, group worksheets, run sheet and handout of a session.

    CONTENT is a session YAML file; by default the one in the current folder.
    Every output is made before any is put in place: a failed build leaves
    the last good files. Two processes share the work on a multi-core
    machine. Ends with a table of what it wrote.
    """
    import time

    from . import build as library

    started = time.perf_counter()
    warnings: list[str] = []

    def progress(message: str) -> None:
        # Only worth showing when there is more than a moment of it, or when asked.
        if verbose or (not quiet and (all_locales or len(locales) > 1)):
            click.echo(f"[{time.perf_counter() - started:5.1f} s] building {message}", err=True)

    def warn(message: str) -> None:
        warnings.append(message)
        click.echo(f"warning: {message}", err=True)

    from .output import stoppable

    try:
        with stoppable():  # SIGTERM unwinds as Ctrl-C does: temporaries removed, last good outputs kept
            written = library.build(content or default_content(), out=out, locales=list(locales) or None,
                                    only=list(only) or None, layout=layout, template=template, paper=paper,
                                    start=_valid_start(start), all_locales=all_locales, strict=strict,
                                    allow_missing_glyphs=allow_missing_glyphs, progress=progress,
                                    warn=warn, answers=answers)
    except DeckError as error:
        raise _fail(error) from None
    except KeyboardInterrupt:
        click.echo("stopped; the outputs are the last good set", err=True)
        raise SystemExit(130) from None
    if not quiet:
        click.echo(_table(written))
        tail = f", {counted(len(warnings), 'warning')} (above)" if warnings else ""
        click.echo(f"{counted(len(written), 'file')} in {time.perf_counter() - started:.1f} s{tail}")


def _catalogs(copied) -> str:
    """The catalogs an example came with, as counted by a translator: the .po files, the .pot template apart."""
    catalogs = counted(sum(path.suffix == ".po" for path in copied), "translation catalog")
    return catalogs + (" and their template (.pot)" if any(path.suffix == ".pot" for path in copied) else "")


def _table(written) -> str:
    """What the build wrote: file, contents, size."""
    rows = [(str(item.path), item.detail, f"{item.path.stat().st_size / 1024:,.0f} KiB") for item in written]
    widths = [max(len(r[i]) for r in [("file", "contents", "size"), *rows]) for i in range(3)]
    lines = [f"{'file':<{widths[0]}}  {'contents':<{widths[1]}}  {'size':>{widths[2]}}"]
    lines += [f"{path:<{widths[0]}}  {detail:<{widths[1]}}  {size:>{widths[2]}}" for path, detail, size in rows]
    return "\n".join(lines)


@main.command("template", epilog=examples("template corporate.potx", "template corporate.potx --layout corporate"))
@click.argument("template_file", metavar="FILE", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--layout", default=None, help="A layout whose `slides:` names layouts: show what it changes.")
def template(template_file: Path, layout: str | None) -> None:
    """Show a template's slide layouts, their placeholders, and which slides go where.

    FILE is a .pptx or .potx. Exits 1, saying what to add, when the deck
    cannot be made with it (docs/templates.md).
    """
    from .layouts import deck_layout
    from .template_layouts import report

    try:
        text, refused = report(template_file, deck_layout(layout).slides if layout else None)
    except DeckError as error:
        raise _fail(error) from None
    click.echo(text)
    if refused:
        raise click.ClickException(refused)


@main.command(epilog=examples("watch", "watch my-session.yaml --out out/live --locale nl-BE"))
@content_argument
@out_option
@locales_option
@layout_option
@template_option
@paper_option
def watch(content: Path | None, out: Path | None, locales: tuple[str, ...], layout: str,
          template: Path | None, paper: str | None) -> None:
    """Build, then rebuild whenever the session, its catalogs, its pictures and videos or the layouts change.

    CONTENT is a session YAML file; by default the one in the current folder.
    Only what a change affects is rebuilt (a template or a video: the deck;
    worksheet styles: the PDFs; the session, a catalog or a picture:
    everything). A broken edit
    shows its problems and the last good files stay. Ctrl-C stops.
    """
    from .watch import watch as run

    content = content or default_content()
    click.echo("watching; Ctrl-C stops", err=True)
    try:
        run(content, out=out, locales=list(locales) or None, layout=layout,
            template=template, paper=paper, on_event=lambda event: click.echo(str(event), err=not event.ok))
    except KeyboardInterrupt:
        pass


@main.command(epilog=examples("collect my-session.yaml filled/*.pdf",
                              "collect my-session.yaml worksheets.pdf --out answers/"))
@click.argument("content", type=click.Path(dir_okay=False, path_type=Path))
@click.argument("pdfs", nargs=-1, required=True, type=click.Path(dir_okay=False, path_type=Path))
@click.option("--out", type=click.Path(file_okay=False, path_type=Path),
              help="Folder for answers.csv and answers.json; default the session's folder.")
@click.option("--last-wins", is_flag=True, help="When two files hold the same group, take the last one given.")
@click.option("-q", "--quiet", is_flag=True, help="Print nothing but errors and warnings.")
@click.option("-v", "--verbose", is_flag=True, help="Also say which file each group's answers came from.")
def collect(content: Path, pdfs: tuple[Path, ...], out: Path | None, last_wins: bool, quiet: bool,
            verbose: bool) -> None:
    """Read the groups' filled worksheets back into answers.csv and answers.json.

    CONTENT is the session the worksheets were built from; PDFS are filled
    group-N.pdf sheets or a filled worksheets.pdf, in any of its locales.
    Prints how many groups chose each option; every problem with the files
    is listed at once (exit 1, nothing written). `build` then puts the answers
    into the debrief.
    """
    from . import collect as library
    from .invocation import command

    try:
        collected = library.collect(content, list(pdfs), out=out, last_wins=last_wins)
    except DeckError as error:
        raise _fail(error) from None
    for warning in collected.warnings:
        click.echo(f"warning: {warning}", err=True)
    if verbose:
        for source in collected.sources:
            click.echo(f"group {', '.join(map(str, source.groups))}: {source.path}"
                       + (f" ({source.locale})" if source.locale else ""))
    if not quiet:
        click.echo(library.summary(collected))
        click.echo(f"wrote {', '.join(map(str, collected.written))}")
        click.echo(f"next: {command()} build {content}")
