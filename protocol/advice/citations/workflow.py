"""Citing the protocol in a reply, and re-check flags when it changes.

* ``cite(message, sections=…, rules=…)`` records what a staff reply relies on,
  with the version it was read in (the section's version);
  ``reply_citing(…)`` sends a reply and records its citations in one
  transaction (the staff reply form uses it).
* ``flag_after_publish(version, previous)`` runs inside ``publish()``: every
  request whose replies cite text that ``version`` changed since ``previous``,
  and every FAQ entry linked to such text (or made from such a request), gets
  one open flag "re-check against version N".
* ``mark_rechecked(flag, by)`` clears a flag once staff have checked the answer.

A section is followed from version to version by its slug (then its number,
then its title) into ``previous``, and from there into ``version`` the way the
comparison page pairs sections, so a renamed or renumbered section is still
itself. A cited section counts as changed when its title, body or any of its
rules reads differently; a cited rule (followed by its anchor) when the rule
itself does, or is gone. Comparing with ``previous`` rather than with the
version cited means an answer is flagged once per change, not at every
publication after it.
"""

from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import Prefetch
from django.utils import timezone

from protocol import diffing
from protocol.advice import workflow as advice_workflow
from protocol.advice.citations.models import Citation, Recheck
from protocol.advice.faq.models import FaqEntry
from protocol.advice.models import Message
from protocol.models import Rule, Section

CHANGES_MAX_LENGTH = 500


class CitationError(ValueError):
    """What cannot be cited; the message is for the member of staff."""


@transaction.atomic
def cite(message, *, sections=(), rules=()):
    """Record that ``message`` (a reply) relies on these sections and rules.

    Each citation keeps the version of what it cites. Citing the same thing
    twice records it once. Drafts cannot be cited: members cannot read them.
    """
    if message.kind != Message.Kind.REPLY:
        raise CitationError("Only a reply to the member can cite the protocol.")
    wanted = [(section, None) for section in sections]
    wanted += [(rule.section, rule) for rule in rules]
    for section, _rule in wanted:
        if section.version.is_draft:
            raise CitationError(
                f"Section {section} is in a draft; cite the published version instead."
            )
    existing = set(Citation.objects.filter(message=message).values_list("section_id", "rule_id"))
    created = []
    for section, rule in wanted:
        key = (section.pk, rule.pk if rule else None)
        if key in existing:
            continue
        existing.add(key)
        created.append(
            Citation(message=message, section=section, rule=rule, version_id=section.version_id)
        )
    return Citation.objects.bulk_create(created)


@transaction.atomic
def reply_citing(advice_request, by, body, *, sections=(), rules=(), **options):
    """Send a staff reply (``workflow.reply``) and record what it cites, together:
    a citation that cannot be recorded sends no reply."""
    message = advice_workflow.reply(advice_request, by, body, **options)
    cite(message, sections=sections, rules=rules)
    return message


def _sections_of(version):
    return list(
        Section.objects.filter(version=version)
        .order_by("order")
        .prefetch_related(Prefetch("rules", queryset=Rule.objects.order_by("order")))
    )


@dataclass
class _Comparison:
    """``previous`` and ``version`` side by side: which text changed."""

    previous: object
    old_sections: list
    new_sections: list
    counterpart: dict = field(init=False)

    def __post_init__(self):
        self.counterpart = diffing.counterparts(self.old_sections, self.new_sections)
        self.by_pk = {s.pk: s for s in self.old_sections}
        self.by_slug = {s.slug: s for s in self.old_sections}
        self.by_number = {s.number: s for s in self.old_sections if s.number}
        self.by_title = {s.title.strip().lower(): s for s in self.old_sections}
        self.old_rules = {r.anchor: r for s in self.old_sections for r in s.rules.all()}
        self.new_rules = {r.anchor: r for s in self.new_sections for r in s.rules.all()}
        self._changed = {}

    def old_section_for(self, section):
        """``section`` (of any earlier version) as it read in ``previous``."""
        if section.version_id == self.previous.pk:
            return self.by_pk.get(section.pk)
        return (
            self.by_slug.get(section.slug)
            or (self.by_number.get(section.number) if section.number else None)
            or self.by_title.get(section.title.strip().lower())
        )

    def section_changed(self, section):
        old = self.old_section_for(section)
        if old is None:
            return False  # gone before ``previous``: flagged when that happened
        if old.pk not in self._changed:  # many answers cite the same few sections
            self._changed[old.pk] = diffing.section_changed(old, self.counterpart.get(old.pk))
        return self._changed[old.pk]

    def rule_changed(self, rule):
        old = self.old_rules.get(rule.anchor)
        if old is None:
            return False
        new = self.new_rules.get(rule.anchor)
        return new is None or new.comparable_text != old.comparable_text


def _describe(section, rule=None):
    if rule is not None:
        return f"{section}: {rule}"
    return str(section)


def flag_after_publish(version, previous):
    """Raise "re-check against version N" on the requests and FAQ entries whose
    cited or linked text ``version`` changed. Returns the flags raised or moved
    on to ``version``. Called by ``publish()`` inside its transaction."""
    if previous is None:
        return []
    comparison = _Comparison(previous, _sections_of(previous), _sections_of(version))
    earlier = {"version__document_id": version.document_id, "version__number__lt": version.number}

    # Plain values, then each cited section or rule compared once: thousands of
    # answers cite the same few dozen sections.
    cited = list(
        Citation.objects.filter(**earlier)
        .values_list("message__request_id", "section_id", "rule_id")
        .distinct()
    )
    links = list(
        FaqEntry.sections.through.objects.filter(
            **{f"section__{key}": value for key, value in earlier.items()}
        ).values_list("faqentry_id", "section_id")
    )
    sections = Section.objects.in_bulk({row[1] for row in cited} | {row[1] for row in links})
    rules = Rule.objects.in_bulk({row[2] for row in cited if row[2]})
    verdicts = {}

    def change(section_id, rule_id=None):
        """What changed, described for the flag, or None when nothing did."""
        if (section_id, rule_id) not in verdicts:
            section, rule = sections[section_id], rules.get(rule_id)
            if rule is not None:
                changed = comparison.rule_changed(rule)
            else:
                changed = comparison.section_changed(section)
            verdicts[section_id, rule_id] = _describe(section, rule) if changed else None
        return verdicts[section_id, rule_id]

    changed_by_request = {}
    for request_id, section_id, rule_id in cited:
        if what := change(section_id, rule_id):
            changed_by_request.setdefault(request_id, []).append(what)
    changed_by_faq = {}
    for faq_id, section_id in links:
        if what := change(section_id):
            changed_by_faq.setdefault(faq_id, []).append(what)
    from_requests = FaqEntry.objects.filter(source_request_id__in=list(changed_by_request))
    for faq_id, request_id in from_requests.values_list("pk", "source_request_id"):
        changed_by_faq.setdefault(faq_id, []).extend(changed_by_request[request_id])

    return _raise(version, "request", changed_by_request) + _raise(version, "faq", changed_by_faq)


def _raise(version, target, changes_by_id):
    """One open flag per request or entry: new ones, or the open ones moved on to
    ``version`` with what changed added. A fixed number of queries."""
    field = f"{target}_id"
    now = timezone.now()
    existing = {
        getattr(flag, field): flag
        for flag in Recheck.objects.open().filter(**{f"{field}__in": list(changes_by_id)})
    }
    new, moved = [], []
    for pk, changes in changes_by_id.items():
        flag = existing.get(pk)
        if flag is None:
            flag = Recheck(version=version, raised_at=now, **{field: pk})
            new.append(flag)
        else:
            changes = [*flag.changes.split("; "), *changes]
            flag.version, flag.raised_at = version, now
            moved.append(flag)
        flag.changes = "; ".join(dict.fromkeys(changes))[:CHANGES_MAX_LENGTH]
    Recheck.objects.bulk_create(new, batch_size=500)
    # One update per distinct text of changes (a few), not a CASE over every flag.
    by_changes = {}
    for flag in moved:
        by_changes.setdefault(flag.changes, []).append(flag.pk)
    for changes, ids in by_changes.items():
        Recheck.objects.filter(pk__in=ids).update(version=version, raised_at=now, changes=changes)
    return new + moved


@transaction.atomic
def mark_rechecked(flag, by):
    """Staff have checked the answer against the new version: the flag is cleared
    (and kept, with who cleared it and when)."""
    updated = (
        Recheck.objects.open().filter(pk=flag.pk).update(cleared_at=timezone.now(), cleared_by=by)
    )
    flag.refresh_from_db()
    return bool(updated)


def open_flag(*, request=None, faq=None):
    """The open flag on a request or an FAQ entry, or None."""
    flags = Recheck.objects.open().select_related("version__document")
    if request is not None:
        return flags.filter(request=request).first()
    return flags.filter(faq=faq).first()
