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

Once this process has seen which user a session holds, the session's row is
read in the same query as that user and what every page asks about them
(``portal.auth.session_and_user``), which ``get_user`` then takes rather than
asking again.
"""

import contextlib
import copy
import functools

from django.contrib.auth import SESSION_KEY
from django.contrib.sessions.backends import db
from django.contrib.sessions.models import Session
from django.utils import timezone

from portal import auth
from protocol.caching import PreparedObjectsQuery

_session = PreparedObjectsQuery(
    lambda session_key: Session.objects.filter(session_key=session_key), kinds=(str,)
)


class SessionStore(db.SessionStore):
    def decode(self, session_data):
        # A copy: the request may change its session's data in place.
        return copy.deepcopy(_decoded(session_data))

    def load(self):
        data = super().load()
        _remember_holder(self.session_key, data)
        return data

    def create_model_instance(self, data):
        # Saved at login, say: this process knows the holder from the start.
        _remember_holder(self._get_or_create_session_key(), data)
        return super().create_model_instance(data)

    def _get_session_from_db(self):
        if self.get_model_class() is not Session:
            return super()._get_session_from_db()
        auth.loaded_with_session(None)
        user_pk = _holders.get(self.session_key)
        if user_pk is not None and (users := auth.session_and_user(self.session_key, user_pk)):
            user = users[0]
            data, expiry = getattr(user, auth.SESSION_DATA), getattr(user, auth.SESSION_EXPIRY)
            if data is not None and expiry > timezone.now():
                auth.loaded_with_session(user)
                return Session(session_key=self.session_key, session_data=data, expire_date=expiry)
            self._session_key = None
            return None
        rows = _session(self.session_key)
        if rows and rows[0].expire_date > timezone.now():
            return rows[0]
        self._session_key = None
        return None


# The user each session key was last seen to hold, in this process, oldest
# first: a key is new at every login, so it holds one user for its life (if
# another user's id is ever found in it, ``load`` records that one instead,
# and ``get_user`` reads them on their own).
_holders: dict[str, int] = {}
_HOLDERS_KEPT = 10_000


def _remember_holder(session_key, data):
    user_id = data.get(SESSION_KEY)
    if session_key is None or not isinstance(user_id, str) or not user_id.isdigit():
        return
    _holders[session_key] = int(user_id)
    if len(_holders) > _HOLDERS_KEPT:
        with contextlib.suppress(KeyError, RuntimeError, StopIteration):
            # Another thread of the process may be at the same line.
            del _holders[next(iter(_holders))]


@functools.lru_cache(maxsize=2048)
def _decoded(session_data):
    return db.SessionStore().decode(session_data)
