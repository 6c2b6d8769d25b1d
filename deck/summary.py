"""The one-screen text summary that `check` prints."""
from __future__ import annotations

from .plural import counted
from .model import DEBRIEF
from .session import Planned


def summary(planned: Planned) -> str:
    """Clusters and cases, the group plan, and the agenda with its total time."""
    session, plan = planned.session, planned.plan
    meta = session.meta
    cases = sum(len(c.cases) for c in session.clusters)
    lines = [f"{meta.title} ({meta.id}, {meta.language})", "",
             f"{counted(len(session.clusters), 'cluster')}, {counted(cases, 'case')}:"]
    width = max(len(c.id) for c in session.clusters)
    for cluster in session.clusters:
        count = len(cluster.cases)
        lines.append(f"  {cluster.id:<{width}}  {count} case{'s' if count != 1 else ' '}  {cluster.title}")
    setup = session.groups
    lines += ["", f"{counted(setup.count, 'group')}, {counted(setup.clusters_each, 'cluster')} each:"]
    taken = [", ".join(group.clusters) for group in plan.groups]
    width = max(map(len, taken))
    for group, clusters in zip(plan.groups, taken):
        presents = f"presents {', '.join(group.presents)}" if group.presents else ""
        lines.append(f"  group {group.number:<3} {clusters:<{width}}  {presents}".rstrip())
    lines += ["", "Agenda:"]
    for slot in plan.timeline:
        if slot.cluster and slot.block.kind == DEBRIEF and slot.cluster != session.clusters[0].id:
            continue
        minutes = slot.minutes
        label = slot.block.id
        if slot.block.kind == DEBRIEF:
            minutes = sum(s.minutes for s in plan.slots(slot.block.id))
            parts = {s.minutes for s in plan.slots(slot.block.id)}
            label += (f" ({len(session.clusters)} x {parts.pop()} min)" if len(parts) == 1
                      else f" ({counted(len(session.clusters), 'cluster')})")
        clock = plan.clock(slot.start)
        lines.append(f"  {clock + '  ' if clock else ''}{label:<28} {slot.block.kind:<11} {minutes:>4} min")
    total = plan.total_minutes
    end = f", ends at {plan.clock(total)}" if plan.start else ""
    lines += ["", f"Total: {total} min ({total // 60} h {total % 60:02d} min){end}"]
    return "\n".join(lines)
