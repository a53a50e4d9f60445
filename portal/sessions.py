"""Sessions in the database, as Django keeps them, read with a query compiled
once per process.

Every request of a logged-in user starts by reading their session; Django's
database backend compiles that query afresh each time, which cost a
logged-in reader's page more than running it. The row is read by its key
and its expiry checked here, so an expired session is still no session.
"""

from django.contrib.sessions.backends import db
from django.contrib.sessions.models import Session
from django.utils import timezone

from protocol.caching import PreparedObjectsQuery

_session = PreparedObjectsQuery(
    lambda session_key: Session.objects.filter(session_key=session_key), kinds=(str,)
)


class SessionStore(db.SessionStore):
    def _get_session_from_db(self):
        if self.get_model_class() is not Session:
            return super()._get_session_from_db()
        rows = _session(self.session_key)
        if rows and rows[0].expire_date > timezone.now():
            return rows[0]
        self._session_key = None
        return None
