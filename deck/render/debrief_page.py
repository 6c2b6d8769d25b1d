"""The run sheet's debrief pages: per case, how the groups chose, who agreed, and what each group wrote."""
from __future__ import annotations

from reportlab.platypus import KeepTogether, PageBreak, Table

from ..answers import Answers
from ..labels import cluster_name
from . import debrief
from .pdf import Composing, para, ruled


def debrief_pages(sheet: Composing, answers: Answers) -> list:
    """From a new page: the heading, then every case of every cluster with its groups' answers."""
    words, styles, session = sheet.words, sheet.styles, sheet.planned.session
    story = [PageBreak(), para(words("debrief_answers"), styles["heading"])]
    for cluster in session.clusters:
        for number, case in enumerate(cluster.cases, start=1):
            chart = debrief.chart(case, answers, cluster.id, words)
            tally = ", ".join(words("count_of", label=category, n=value)
                              for category, value in zip(chart.categories, chart.values))
            name = cluster_name(session, cluster.id, words)
            head = [para(f"{name} – {words('case_n', n=number)}", styles["question"]),
                    para(f"“{case.dilemma}”", styles["base"]),
                    para(tally, styles["base"])]
            head += [para(line, styles["base"]) for line in debrief.agreement(case, answers, cluster.id, words)]
            # The heading keeps to its table's first rows; a long table runs on over the page.
            story += [KeepTogether(head), _table(sheet, case, answers, cluster.id)]
    return story


def _table(sheet: Composing, case, answers: Answers, cluster: str) -> Table:
    words, styles = sheet.words, sheet.styles
    cell, head = styles["cell"], styles["cell_head"]
    data = [[para(words("col_group"), head), para(words("col_choice"), head), para(words("col_answers"), head)]]
    for group, choice, written in debrief.group_lines(case, answers, cluster, words):
        if choice is None:
            data.append([para(words("group", n=group), cell), para(words("sent_nothing", n=group), cell), ""])
        else:
            data.append([para(words("group", n=group), cell), para(choice, cell),
                         [para(text, cell) for text in written] or ""])
    table = Table(data, colWidths=["16%", "34%", "50%"], repeatRows=1, hAlign="LEFT", spaceBefore=4,
                  spaceAfter=10)
    table.setStyle(ruled(sheet, cell.fontName))
    return table
