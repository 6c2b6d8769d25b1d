"""Build layouts/default.pptx, the house template the deck generator starts from.

Run from anywhere:  python layouts/make_template.py

We derive the template from python-pptx's own bundled default instead of
keeping a hand-edited binary around: the file can then be rebuilt and
reviewed as code, and it stays structurally identical to what python-pptx
expects (same part names, same placeholder idx values).

Layout names follow pandoc's conventions so the same file can also serve
as a pandoc --reference-doc.
"""

import io
import zipfile
from pathlib import Path

from lxml import etree
from pptx import Presentation
from pptx.enum.shapes import PP_PLACEHOLDER
from pptx.opc.constants import RELATIONSHIP_TYPE as RT
from pptx.oxml import parse_xml
from pptx.oxml.ns import nsdecls, qn

OUT = Path(__file__).with_name("default.pptx")

THEME_NAME = "Dilemma Workshop"

# The bundled template is 4:3; we keep its height and widen it to 16:9.
OLD_WIDTH = 9144000
SLIDE_W = 12192000
SLIDE_H = 6858000

EMU_PER_INCH = 914400


def inches(value):
    return int(round(value * EMU_PER_INCH))


# One grid for every layout, so titles, bodies and footers line up when
# the trainer flips between slides.
MARGIN_X = 609600  # the default template's 0.5 in margin, widened with the slide
CONTENT_W = SLIDE_W - 2 * MARGIN_X
TITLE_Y, TITLE_H = inches(0.5), inches(1.0)
BODY_Y = inches(1.75)
BODY_BOTTOM = inches(6.75)
COLUMN_GAP = inches(0.3)
COLUMN_W = (CONTENT_W - COLUMN_GAP) // 2
HEADING_H = inches(0.75)  # column headings of "Comparison": room for two lines
FOOTER_Y, FOOTER_H = inches(6.9), inches(0.4)
SLIDE_NUMBER_W = inches(1.33)
TOP_BAND_H = inches(0.12)

# Cover-style slides (title, section) sit on navy and use a wider inset.
COVER_X = inches(1.0)
COVER_W = SLIDE_W - 2 * COVER_X
RULE_W, RULE_H = inches(1.2), inches(0.06)
TEXT_INSET = 91440  # default lIns of a text box; rules align with the text, not the box

# High contrast first: body text on white is ~15:1, teal accents ~5:1.
COLOURS = {
    "dk1": "1F2328",  # near-black body text; softer than pure black on projectors
    "lt1": "FFFFFF",
    "dk2": "1B3A5C",  # navy: titles and cover backgrounds
    "lt2": "EEF1F4",  # light grey: text on navy, quiet fills
    "accent1": "0F7C8C",  # teal: bullets, band, headings
    "accent2": "E0A100",  # amber: the one warm highlight
    "accent3": "3A6EA5",
    "accent4": "C8553D",
    "accent5": "4F9D69",
    "accent6": "7E5A9B",
    "hlink": "0B62A4",
    "folHlink": "6B4C9A",
}

KEEP_LAYOUTS = [
    "Title Slide",
    "Title and Content",
    "Section Header",
    "Two Content",
    "Comparison",
    "Title Only",
    "Blank",
]

# Fixed zip timestamp so rebuilding an unchanged template gives identical bytes.
ZIP_DATE = (2024, 1, 1, 0, 0, 0)


# --- small XML helpers ------------------------------------------------------


def scheme(name, lum_mod=None, lum_off=None):
    mods = ""
    if lum_mod is not None:
        mods += f'<a:lumMod val="{lum_mod}"/>'
    if lum_off is not None:
        mods += f'<a:lumOff val="{lum_off}"/>'
    return f'<a:schemeClr val="{name}">{mods}</a:schemeClr>'


GREY_TEXT = scheme("tx1", 65000, 35000)  # ~5:1 on white, still recedes
PALE_ON_NAVY = scheme("bg2", 80000)


def level_xml(
    level,
    size,
    colour,
    *,
    bold=False,
    font="+mn",
    align="l",
    mar_l=0,
    indent=0,
    space_before=0,
    bullet=None,
):
    """One a:lvlNpPr.  bullet=None means "no bullet" (buNone), not "inherit"."""
    if bullet is None:
        bullet_xml = "<a:buNone/>"
    else:
        bullet_xml = (
            f'<a:buClr>{scheme("accent1")}</a:buClr>'
            '<a:buFont typeface="Arial"/>'
            f'<a:buChar char="{bullet}"/>'
        )
    return (
        f'<a:lvl{level}pPr marL="{mar_l}" indent="{indent}" algn="{align}"'
        ' defTabSz="457200" rtl="0" eaLnBrk="1" latinLnBrk="0" hangingPunct="1">'
        '<a:lnSpc><a:spcPct val="100000"/></a:lnSpc>'
        f'<a:spcBef><a:spcPts val="{space_before}"/></a:spcBef>'
        f"{bullet_xml}"
        f'<a:defRPr sz="{size}" b="{int(bold)}" kern="1200">'
        f"<a:solidFill>{colour}</a:solidFill>"
        f'<a:latin typeface="{font}-lt"/><a:ea typeface="{font}-ea"/>'
        f'<a:cs typeface="{font}-cs"/>'
        "</a:defRPr>"
        f"</a:lvl{level}pPr>"
    )


def replace_children(parent, tag, xml_fragments):
    """Swap the contents of `parent`'s <tag> child for new XML."""
    old = parent.find(qn(tag))
    new = parse_xml(f"<{tag} {nsdecls('a', 'p')}>{''.join(xml_fragments)}</{tag}>")
    old.getparent().replace(old, new)
    return new


def set_lst_style(shape, levels):
    replace_children(shape._element.txBody, "a:lstStyle", levels)


def set_anchor(shape, anchor):
    shape._element.txBody.find(qn("a:bodyPr")).set("anchor", anchor)


def place(shape, x, y, cx, cy):
    shape.left, shape.top, shape.width, shape.height = x, y, cx, cy


def add_rect(spTree, name, x, y, cx, cy, colour):
    """A plain filled rectangle, placed behind everything else in the tree.

    userDrawn marks it as decoration in PowerPoint's master view rather than
    something a slide author is expected to fill in.
    """
    next_id = 1 + max(int(e.get("id")) for e in spTree.iter(qn("p:cNvPr")))
    sp = parse_xml(
        f"<p:sp {nsdecls('a', 'p')}>"
        f'<p:nvSpPr><p:cNvPr id="{next_id}" name="{name}"/>'
        '<p:cNvSpPr/><p:nvPr userDrawn="1"/></p:nvSpPr>'
        f'<p:spPr><a:xfrm><a:off x="{x}" y="{y}"/><a:ext cx="{cx}" cy="{cy}"/></a:xfrm>'
        '<a:prstGeom prst="rect"><a:avLst/></a:prstGeom>'
        f"<a:solidFill>{colour}</a:solidFill><a:ln><a:noFill/></a:ln></p:spPr>"
        '<p:txBody><a:bodyPr rtlCol="0" anchor="ctr"/><a:lstStyle/>'
        '<a:p><a:endParaRPr lang="en-US"/></a:p></p:txBody>'
        "</p:sp>"
    )
    # index 2 = right after nvGrpSpPr and grpSpPr, i.e. at the back
    spTree.insert(2, sp)


def placeholder(owner, *types):
    for shape in owner.placeholders:
        if shape.placeholder_format.type in types:
            return shape
    raise LookupError(f"{owner.name!r} has no placeholder of type {types}")


def placeholder_idx(owner, idx):
    for shape in owner.placeholders:
        if shape.placeholder_format.idx == idx:
            return shape
    raise LookupError(f"{owner.name!r} has no placeholder idx {idx}")


# --- the steps ----------------------------------------------------------------


def widen_to_16x9(prs):
    """Stretch everything horizontally; later steps only fine-tune.

    Scaling first means any shape we do not place explicitly still spans
    the wide slide instead of hugging its old 4:3 left part.
    """
    prs.slide_width = SLIDE_W
    prs.slide_height = SLIDE_H
    # "screen4x3" would make PowerPoint report the wrong page setup.
    sld_sz = prs.part._element.find(qn("p:sldSz"))
    sld_sz.attrib.pop("type", None)

    scale = SLIDE_W / OLD_WIDTH
    for part in [prs.slide_master, *prs.slide_layouts]:
        spTree = part.shapes._spTree
        for off in spTree.iter(qn("a:off")):
            off.set("x", str(round(int(off.get("x")) * scale)))
        for ext in spTree.iter(qn("a:ext")):
            ext.set("cx", str(round(int(ext.get("cx")) * scale)))


def keep_only_pandoc_layouts(prs):
    layouts = prs.slide_layouts
    for layout in list(layouts):
        if layout.name not in KEEP_LAYOUTS:
            # removes the sldLayoutId and the master's relationship, so the
            # orphaned part is simply not written on save
            layouts.remove(layout)
    names = [layout.name for layout in layouts]
    assert names == KEEP_LAYOUTS, names


def drop_date_placeholders(prs):
    for owner in [prs.slide_master, *prs.slide_layouts]:
        for shape in list(owner.placeholders):
            if shape.placeholder_format.type == PP_PLACEHOLDER.DATE:
                sp = shape._element
                sp.getparent().remove(sp)


def restyle_theme(prs):
    theme_part = prs.slide_master.part.part_related_by(RT.THEME)
    theme = etree.fromstring(theme_part.blob)

    def a(tag):
        return qn(f"a:{tag}")

    theme.set("name", THEME_NAME)
    clr_scheme = theme.find(f"{a('themeElements')}/{a('clrScheme')}")
    clr_scheme.set("name", THEME_NAME)
    for slot, rgb in COLOURS.items():
        holder = clr_scheme.find(a(slot))
        # dk1/lt1 are "system" colours in the stock theme; a fixed RGB keeps
        # the look identical regardless of the viewer's OS colours.
        holder.clear()
        etree.SubElement(holder, a("srgbClr"), val=rgb)

    font_scheme = theme.find(f"{a('themeElements')}/{a('fontScheme')}")
    font_scheme.set("name", THEME_NAME)
    for which in ("majorFont", "minorFont"):
        font_scheme.find(f"{a(which)}/{a('latin')}").set("typeface", "Calibri")

    theme_part.blob = etree.tostring(
        theme, xml_declaration=True, encoding="UTF-8", standalone=True
    )


def style_master(prs):
    master = prs.slide_master

    title = placeholder(master, PP_PLACEHOLDER.TITLE)
    place(title, MARGIN_X, TITLE_Y, CONTENT_W, TITLE_H)
    # bottom anchoring keeps one- and two-line titles sitting on the same
    # baseline just above the body
    set_anchor(title, "b")

    body = placeholder(master, PP_PLACEHOLDER.BODY)
    place(body, MARGIN_X, BODY_Y, CONTENT_W, BODY_BOTTOM - BODY_Y)

    place(
        placeholder(master, PP_PLACEHOLDER.FOOTER),
        MARGIN_X, FOOTER_Y, inches(8), FOOTER_H,
    )
    place(
        placeholder(master, PP_PLACEHOLDER.SLIDE_NUMBER),
        SLIDE_W - MARGIN_X - SLIDE_NUMBER_W, FOOTER_Y, SLIDE_NUMBER_W, FOOTER_H,
    )
    style_footer(master, GREY_TEXT)

    add_rect(
        master.shapes._spTree, "Accent Band", 0, 0, SLIDE_W, TOP_BAND_H, scheme("accent1")
    )

    tx_styles = master._element.find(qn("p:txStyles"))
    replace_children(
        tx_styles,
        "p:titleStyle",
        [level_xml(1, 3600, scheme("tx2"), bold=True, font="+mj")],
    )
    # (size, bullet, left margin, space before) per outline level
    body_levels = [
        (2400, "•", 0.30, 1000),
        (2000, "–", 0.70, 500),
        (1800, "•", 1.05, 400),
        (1600, "–", 1.40, 300),
        (1600, "•", 1.75, 300),
    ]
    body_levels += [(1600, "•", 1.75 + 0.35 * n, 300) for n in range(1, 5)]
    replace_children(
        tx_styles,
        "p:bodyStyle",
        [
            level_xml(
                n,
                size,
                scheme("tx1"),
                bullet=char,
                mar_l=inches(mar_l),
                indent=-inches(0.3),
                space_before=before,
            )
            for n, (size, char, mar_l, before) in enumerate(body_levels, start=1)
        ],
    )


def style_footer(owner, colour):
    """Small footer text left, slide number right.

    Layouts repeat the master's footer style instead of inheriting it:
    LibreOffice ignores the master's footer list style on import and falls
    back to its own centred serif default.
    """
    for kind, align in ((PP_PLACEHOLDER.FOOTER, "l"), (PP_PLACEHOLDER.SLIDE_NUMBER, "r")):
        set_lst_style(placeholder(owner, kind), [level_xml(1, 1200, colour, align=align)])


def style_cover(layout, title_y, title_h, title_size, sub_y, sub_h, sub_size):
    """Navy full-bleed background, white title, amber rule, pale subtitle."""
    c_sld = layout._element.cSld
    bg = parse_xml(
        f"<p:bg {nsdecls('a', 'p')}><p:bgPr>"
        f"<a:solidFill>{scheme('tx2')}</a:solidFill><a:effectLst/>"
        "</p:bgPr></p:bg>"
    )
    c_sld.insert(0, bg)
    # the teal band belongs to content slides; covers carry the amber rule
    layout._element.set("showMasterSp", "0")

    title = placeholder(layout, PP_PLACEHOLDER.TITLE, PP_PLACEHOLDER.CENTER_TITLE)
    place(title, COVER_X, title_y, COVER_W, title_h)
    set_anchor(title, "b")
    set_lst_style(
        title, [level_xml(1, title_size, scheme("bg1"), bold=True, font="+mj")]
    )

    sub = placeholder_idx(layout, 1)
    place(sub, COVER_X, sub_y, COVER_W, sub_h)
    set_anchor(sub, "t")
    set_lst_style(
        sub,
        [
            level_xml(n, sub_size, scheme("bg2"), mar_l=0, space_before=400)
            for n in range(1, 10)
        ],
    )

    add_rect(
        layout.shapes._spTree,
        "Accent Rule",
        COVER_X + TEXT_INSET,
        title_y + title_h + inches(0.08),
        RULE_W,
        RULE_H,
        scheme("accent2"),
    )

    style_footer(layout, PALE_ON_NAVY)


def style_layouts(prs):
    by_name = {layout.name: layout for layout in prs.slide_layouts}

    for layout in prs.slide_layouts:
        style_footer(layout, GREY_TEXT)  # covers re-style theirs below

    style_cover(
        by_name["Title Slide"],
        title_y=inches(1.9),
        title_h=inches(1.9),
        title_size=4400,
        sub_y=inches(4.15),
        sub_h=inches(1.6),
        sub_size=2400,
    )
    style_cover(
        by_name["Section Header"],
        title_y=inches(2.3),
        title_h=inches(1.5),
        title_size=4000,
        sub_y=inches(4.15),
        sub_h=inches(1.2),
        sub_size=2000,
    )

    # The stock content layouts pin their own (larger) font sizes; clearing
    # them lets the master's text styles apply everywhere.
    two = by_name["Two Content"]
    left_x, right_x = MARGIN_X, MARGIN_X + COLUMN_W + COLUMN_GAP
    for idx, x in ((1, left_x), (2, right_x)):
        column = placeholder_idx(two, idx)
        place(column, x, BODY_Y, COLUMN_W, BODY_BOTTOM - BODY_Y)
        set_lst_style(column, [])

    comparison = by_name["Comparison"]
    content_y = BODY_Y + HEADING_H + inches(0.1)
    # headings keep the stock bottom anchor, so one- and two-line headings
    # both sit right on top of their column
    for heading_idx, content_idx, x in ((1, 2, left_x), (3, 4, right_x)):
        heading = placeholder_idx(comparison, heading_idx)
        place(heading, x, BODY_Y, COLUMN_W, HEADING_H)
        set_lst_style(heading, [level_xml(1, 2200, scheme("accent1"), bold=True)])
        content = placeholder_idx(comparison, content_idx)
        place(content, x, content_y, COLUMN_W, BODY_BOTTOM - content_y)
        set_lst_style(content, [])


def tidy_package(prs):
    package = prs.part.package
    # The stock thumbnail is a 4:3 picture of an old slide; a stale preview
    # is worse than none, and the part is optional.
    for rId, rel in list(package._rels.items()):
        if rel.reltype == RT.THUMBNAIL:
            package.drop_rel(rId)

    app = prs.part.package.part_related_by(RT.EXTENDED_PROPERTIES)
    app.blob = (
        app.blob.replace(b"On-screen Show (4:3)", b"Widescreen")
        .replace(b"Office Theme", THEME_NAME.encode())
    )

    # Decks built from this file inherit these; they should say nothing
    # rather than name python-pptx's author.
    props = prs.core_properties
    props.last_modified_by = ""
    props.comments = ""


def save_reproducibly(prs, path):
    """Save, then rewrite the zip with fixed timestamps and permissions.

    python-pptx stamps every entry with the current time, which would make
    each rebuild show up as a binary change in git.
    """
    raw = io.BytesIO()
    prs.save(raw)
    out = io.BytesIO()
    with zipfile.ZipFile(raw) as src, zipfile.ZipFile(
        out, "w", zipfile.ZIP_DEFLATED
    ) as dst:
        for item in src.infolist():
            info = zipfile.ZipInfo(item.filename, date_time=ZIP_DATE)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            dst.writestr(info, src.read(item.filename))
    path.write_bytes(out.getvalue())


def build():
    prs = Presentation()
    widen_to_16x9(prs)
    keep_only_pandoc_layouts(prs)
    drop_date_placeholders(prs)
    restyle_theme(prs)
    style_master(prs)
    style_layouts(prs)
    tidy_package(prs)
    return prs


if __name__ == "__main__":
    save_reproducibly(build(), OUT)
    print(f"wrote {OUT}")
