"""Three real-shaped documents, written for the tests, each in its own kind of
file: a social media protocol (text), a code of conduct (Word) and a
member–officer protocol (a saved web page). ``publish_three_documents()``
imports and publishes them and returns their versions."""

from protocol.importing import read_document, save_draft
from protocol.publishing import publish
from tests.protocol.word_factories import word_document

PROTOCOL = """ONLINE CONDUCT PROTOCOL

1. This protocol covers every councillor's use of social media.

2. Staying out of trouble

Do:

- check the privacy settings on every account.
- say whether you are posting as a councillor.

Don't:

- post while angry or after a drink.
- share photographs of residents without consent.
"""

CODE = [
    ("title", "Code of Conduct for Members"),
    ("numbered", "Members must treat everyone with courtesy and respect."),
    ("numbered", "Gifts and hospitality"),
    ("bold", "Do:"),
    ("bullet", "register gifts and hospitality worth more than £50 within 28 days."),
    ("bullet", "refuse gifts offered by anyone bidding for a contract."),
    ("bold", "Don't:"),
    ("bullet", "accept hospitality that could look like a reward."),
]

MEMBER_OFFICER = """<!DOCTYPE html><html><head><title>Member–Officer Protocol</title></head>
<body><h1>Member–Officer Relations Protocol</h1>
<h2>Working together</h2>
<p>Members set policy and officers carry it out, each respecting the other's role.</p>
<p><strong>Do:</strong></p>
<ul><li>ask the service director before instructing staff.</li>
<li>copy the team inbox when writing to officers.</li></ul>
<p><strong>Don't:</strong></p>
<ul><li>criticise a named officer in public.</li></ul>
</body></html>"""


def publish_three_documents():
    files = [
        (PROTOCOL.encode(), "online-conduct.txt"),
        (word_document(CODE), "code-of-conduct.docx"),
        (MEMBER_OFFICER.encode(), "member-officer.html"),
    ]
    return [publish(save_draft(read_document(data, name))).version for data, name in files]
