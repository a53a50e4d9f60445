"""Checking a post: the one workflow the page, the API and the evaluation share.

``check_post`` reads the enabled checks and the rules they cite (two or three
queries), runs the detectors and, when asked, counts the kinds that fired for
the Monitoring Officer's weekly figures. The draft is never saved or logged:
the functions that hold it are marked ``sensitive_variables``, so an error
report shows no draft.
"""

from dataclasses import dataclass

from django.utils import timezone
from django.views.decorators.debug import sensitive_variables

from protocol.postcheck import detectors, learned
from protocol.postcheck.models import Check, Citation, Kind, WeeklyCount

EXCERPT_MAX = 160


@dataclass
class Result:
    findings: list  # [dict] in the order of the text, as the API returns them
    checked_kinds: list  # the kinds that were on

    @property
    def kinds(self):
        return sorted({f["kind"] for f in self.findings})

    def as_json(self):
        return {"findings": self.findings}


def load_checks():
    """{kind: Lists} and {kind: (Check, [Rule])} for the enabled checks."""
    checks = list(Check.objects.enabled())
    rules = Citation.objects.filter(post_check__in=checks).resolved()
    lists = {
        Kind(c.kind): detectors.Lists.compile(
            c.words, c.pair_words, c.context_words, c.unless_words
        )
        for c in checks
    }
    return lists, {c.kind: (c, rules.get(c.pk, [])) for c in checks}


def model_kinds(about):
    """The kinds whose check also uses the trained model."""
    return {kind for kind, (check, _) in about.items() if check.use_model}


@sensitive_variables("text")
def decide(text, lists, *, with_model=(), account="", feelings=(), model=None):
    """[Finding] for the checks in ``lists`` ({kind: Lists}), the lists' findings
    weighed with the trained model for the kinds in ``with_model``.

    For those kinds the lists' passages stand when the model's likelihood for
    the post, or for a sentence holding one of them, is at least
    ``list_threshold``; with none from the lists, the model alone raises the kind
    at ``threshold``, on its likeliest sentence.
    A member who ticked that they are angry, tired or have had a drink is told
    about haste whatever the model reads. ``model`` is the shipped one unless
    given (cross-validation gives its own).
    """
    found = detectors.run(text, lists, account=account, feelings=feelings)
    with_model = set(with_model) & set(lists)
    if not with_model:
        return found
    model = model or learned.shipped()
    reading = model.read(text)
    ticked = bool(detectors.HASTE_FEELINGS & set(feelings))
    kept = [f for f in found if f.kind not in with_model]
    for kind in with_model:
        own = [f for f in found if f.kind == kind]
        if kind == Kind.HASTE and ticked:
            kept += own
        elif own:
            around = reading.likelihood_around(kind, [f.start for f in own])
            if around >= model.list_threshold:
                kept += own
        elif reading.scores[kind] >= model.threshold:
            kept.append(detectors.Finding(kind, *reading.passage(kind), by_model=True))
    return sorted(kept, key=lambda f: (f.start, f.end, f.kind))


def rule_json(rule):
    if rule is None:
        return None
    return {
        "url": rule.get_absolute_url(),
        "kind": rule.kind,
        "kind_label": rule.get_kind_display(),
        "text": rule.term or rule.text,
        "section": str(rule.section),
    }


def _excerpt(text, start, end):
    excerpt = text[start:end]
    if len(excerpt) > EXCERPT_MAX:
        excerpt = excerpt[: EXCERPT_MAX - 1].rstrip() + "…"
    return excerpt


@sensitive_variables("text")
def check_post(text, *, account="", feelings=(), count=True):
    lists, about = load_checks()
    found = decide(text, lists, with_model=model_kinds(about), account=account, feelings=feelings)
    findings = []
    for finding in found:
        check, rules = about[finding.kind]
        findings.append(
            {
                "kind": finding.kind,
                "kind_label": Kind(finding.kind).label,
                "start": finding.start,
                "end": finding.end,
                "excerpt": _excerpt(text, finding.start, finding.end),
                "explanation": check.explanation,
                "found_by": "model" if finding.by_model else "lists",
                "rule": rule_json(rules[0] if rules else None),
            }
        )
    result = Result(findings, sorted(lists))
    if count:
        WeeklyCount.record(timezone.localdate(), result.kinds)
    return result
