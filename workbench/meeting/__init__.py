"""The COPIL meeting mode: twenty to forty members open the dashboard at once on their own
devices, behind a login, and each gives their reading of each lesson.

* ``session``: one meeting (``data/meetings/<id>/``): its wave, whether it is open, what the
  kernels read (the publication written once before the server starts, the evaluators'
  interpretations), and who the visitor of a page is (``visitor_from_environment``);
* ``accounts``: evaluators' and members' accounts (``data/accounts.json``, hashed passwords);
* ``auth``: the login page (meeting code or account) and the identity the server gives each
  request (a jupyter_server ``IdentityProvider``);
* ``pool``: Voilà's pool of preheated kernels sized to the meeting, refilled without competing
  with the members arriving;
* ``launch``: the Voilà process of a meeting (``python -m workbench.meeting.launch``);
* ``page``: what a dashboard kernel shows (``copil_page()``, called by ``copil.ipynb``);
* ``visit``: where a preheated kernel waits for its visitor (``wait_for_request()``, Voilà's
  protocol without importing ``voila.utils``).

Importing this package loads nothing: the kernel side never imports the server side.
"""

import lazy_loader as _lazy

__getattr__, __dir__, __all__ = _lazy.attach(__name__, submod_attrs={
    "accounts": ["AccountError", "add_account", "check_account", "list_accounts",
                 "remove_account"],
    "page": ["MeetingPage", "copil_page"],
    "session": ["MeetingSession", "open_session", "visitor_from_environment"],
    "visit": ["wait_for_request"],
})
