"""Sessions in the database, as Django keeps them, read with a query compiled
once per process.

Every request of a logged-in user starts by reading their session; Django's
database backend compiles that query afresh each time, which cost a
logged-in reader's page more than running it. The row is read by its key
and its expiry checked here, so an expired session is still no session.

Its data is read from the row at every request too, but decoding it
(checking its signature, inflating and parsing it) is done once per text
in each process: a session's text changes whenever its data does, so the
same text always decodes to the same data.
"""

import copy
import functools

from django.contrib.sessions.backends import db
from django.contrib.sessions.models import Session
from django.utils import timezone

from protocol.caching import PreparedObjectsQuery

_session = PreparedObjectsQuery(
    lambda session_key: Session.objects.filter(session_key=session_key), kinds=(str,)
)


class SessionStore(db.SessionStore):
    def decode(self, session_data):
        # A copy: the request may change its session's data in place.
        return copy.deepcopy(_decoded(session_data))

    def _get_session_from_db(self):
        if self.get_model_class() is not Session:
            return super()._get_session_from_db()
        rows = _session(self.session_key)
        if rows and rows[0].expire_date > timezone.now():
            return rows[0]
        self._session_key = None
        return None


@functools.lru_cache(maxsize=2048)
def _decoded(session_data):
    return db.SessionStore().decode(session_data)
