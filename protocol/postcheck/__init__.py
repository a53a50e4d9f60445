"""Check my post: a member pastes a draft post and sees the passages that may
breach the protocol, each explained and linked to the rule it comes from.

The draft is never stored or logged. The Monitoring Officer maintains one
check per kind of concern in the admin (its words, explanation, cited rules,
on/off) and sees how often each kind fired per week, never the text.
"""
