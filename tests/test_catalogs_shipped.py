"""Every shipped catalog passes msgfmt --check, and the summerschool is fully translated."""
from __future__ import annotations

import os
import shutil
import subprocess

import pytest

from deck import i18n

from .conftest import ROOT


def shipped() -> list:
    return sorted([*ROOT.glob("content/locales/*/LC_MESSAGES/*.po"), *ROOT.glob("deck/locales/*/LC_MESSAGES/*.po")])


@pytest.mark.parametrize("po", shipped(), ids=lambda p: str(p.relative_to(ROOT)))
def test_msgfmt_check_passes(po, tmp_path):
    if shutil.which("msgfmt") is None:
        if os.environ.get("CI"):
            pytest.fail("msgfmt is missing on CI; .ci/run must install gettext")
        pytest.skip("msgfmt (gettext) is not installed")
    subprocess.run(["msgfmt", "--check", "-o", str(tmp_path / "out.mo"), str(po)], check=True,
                   capture_output=True)


def test_summerschool_is_complete_in_english_and_french(summerschool):
    states = {s.locale: s for s in i18n.status(summerschool.session)}
    assert set(states) == {"en-GB", "fr-BE"}
    assert all(s.complete and s.obsolete == 0 for s in states.values())


def test_summerschool_catalogs_are_current(summerschool, tmp_path):
    """A catalog made from the current source matches the shipped one's keys and msgids."""
    template = {(m.context, m.id) for m in i18n.template(summerschool.session, ROOT / "content/summerschool.yaml")
                if m.id}
    for locale in ("en-GB", "fr-BE"):
        catalog = i18n.read_catalog(i18n.catalog_path(summerschool.session, locale))
        assert {(m.context, m.id) for m in catalog if m.id} == template, locale
