"""Which team an advice request goes to, and who is told.

Routing is data: a ``RoutingRule`` per topic, maintained by the Monitoring
Officer in the admin. A topic without a rule goes to the Monitoring Officer.
The whole team is told (plus the default person, if the rule names one); a
team with nobody to tell falls back to the Monitoring Officer, so a request
always reaches someone.
"""

from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from portal import roles
from protocol.advice.models import RoutingRule


@dataclass(frozen=True)
class Route:
    team: Group
    assignee: object  # a user, or None
    by_rule: bool

    def describe(self):
        how = "by the topic's routing rule" if self.by_rule else "no routing rule for the topic"
        return f"to {self.team.name} ({how})"


def monitoring_officer_team():
    group, _ = Group.objects.get_or_create(name=roles.MONITORING_OFFICER)
    return group


def route(topic):
    """Where a request about ``topic`` goes."""
    rule = (
        RoutingRule.objects.select_related("team", "default_assignee").filter(topic=topic).first()
        if topic is not None
        else None
    )
    if rule is None:
        return Route(team=monitoring_officer_team(), assignee=None, by_rule=False)
    assignee = rule.default_assignee
    if assignee is not None and not assignee.is_active:
        assignee = None
    return Route(team=rule.team, assignee=assignee, by_rule=True)


def reachable(users):
    """Those of ``users`` who can be e-mailed: active, with an address."""
    return users.filter(is_active=True).exclude(email="")


def team_recipients(team, assignee=None):
    """Everyone to e-mail about a request for ``team``: its members and the assignee.

    Falls back to the Monitoring Officer when nobody in the team can be reached.
    """
    User = get_user_model()
    people = {user.pk: user for user in reachable(User.objects.filter(groups=team))}
    if assignee is not None and assignee.is_active and assignee.email:
        people.setdefault(assignee.pk, assignee)
    if not people and team.name != roles.MONITORING_OFFICER:
        people = {user.pk: user for user in reachable(roles.monitoring_officers())}
    return sorted(people.values(), key=lambda user: user.pk)
