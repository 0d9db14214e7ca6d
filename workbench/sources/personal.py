"""Columns holding personal data (names, e-mail addresses, IP addresses, phone numbers),
recognised by their heading or by their content. They never reach the store: a person's name or
e-mail may only make the pseudonymous id (``person`` in a mapping); the others are ignored.

>>> personal_kind("Adresse e-mail", [])
'email'
>>> personal_kind("Contact", ["06 12 34 56 78", "+33 6 98 76 54 32"])
'phone'
"""

from __future__ import annotations

import re

from workbench.normalise import normalise_label

NAME_HEADINGS = {
    "nom", "prenom", "nom de famille", "nom complet", "nom et prenom", "prenom et nom",
    "prenom nom", "nom prenom", "nom & prenom", "nom & post nom", "nom et post nom",
    "first name", "last name", "firstname", "lastname", "full name", "fullname", "name",
    "surname", "given name", "family name", "your name", "votre nom", "votre prenom",
    "name on attendee list", "nom participant", "prenom participant", "vorname", "nachname",
    "nombre", "apellido", "apellidos",
}
# the parts of a person's name, used to build a person key (first, then last)
FIRST_NAME_HEADINGS = {"prenom", "first name", "firstname", "given name", "votre prenom",
                       "prenom participant", "vorname", "nombre"}
LAST_NAME_HEADINGS = {"nom", "last name", "lastname", "surname", "nom de famille",
                      "family name", "votre nom", "nom participant", "nachname", "apellido",
                      "apellidos"}
EMAIL_HEADINGS = {
    "email", "e mail", "mail", "courriel", "adresse e mail", "adresse email", "adresse mail",
    "adresse courriel", "adresse electronique", "email address", "e mail address",
    "adresse de messagerie", "votre email", "votre adresse e mail", "email payeur",
}
IP_HEADINGS = {"ipaddr", "ip", "ip address", "adresse ip", "ip adresse", "direccion ip"}
PHONE_HEADINGS = {
    "telephone", "tel", "tel portable", "portable", "mobile", "phone", "phone number",
    "phonenumber", "telephone number", "numero de telephone", "votre telephone", "telefon",
    "telefonnummer", "telefono", "gsm", "cell phone", "mobile number",
}
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[A-Za-z]{2,}$")
_IP = re.compile(r"^(?:\d{1,3}\.){3}\d{1,3}$|^(?=.*::|(?:[^:]*:){4})[0-9a-fA-F:]{2,39}$")
_PHONE = re.compile(r"^\+?[\d\s().-]{9,20}$")
_SHARE = 0.8
_CODE_PREFIX = re.compile(r"^[A-Za-z][A-Za-z0-9_]*(?:\[[^\]]*\])*\.\s+")


def _heading(column: str) -> str:
    text = _CODE_PREFIX.sub("", column)  # LimeSurvey « code. text » headings
    text = text.rsplit("/", 1)[-1]  # Kobo group paths
    return normalise_label(text.replace("_", " "))


def _phone(value: str) -> bool:
    digits = sum(ch.isdigit() for ch in value)
    return bool(_PHONE.match(value)) and 9 <= digits <= 15


def personal_kind(column: str, values: list[str]) -> str | None:
    """``"name"``, ``"email"``, ``"ip"``, ``"phone"`` or ``None`` for a column (its heading,
    else most of its distinct non-empty values)."""
    heading = _heading(column)
    for kind, headings in (("email", EMAIL_HEADINGS), ("ip", IP_HEADINGS),
                           ("phone", PHONE_HEADINGS), ("name", NAME_HEADINGS)):
        if heading in headings:
            return kind
    filled = [v.strip() for v in values if v.strip()]
    if len(filled) < 2:
        return None
    for kind, test in (("email", _EMAIL.match), ("ip", _IP.match), ("phone", _phone)):
        if sum(bool(test(v)) for v in filled) >= _SHARE * len(filled):
            if kind == "ip" and not any("." in v or ":" in v for v in filled):
                continue
            return kind
    return None


def personal_columns(frame_columns: list[str], distinct: dict[str, list[str]],
                     metadata: set[str] | frozenset[str] = frozenset()) -> dict[str, str]:
    """Every personal column of a table: column → kind (a tool's metadata column is judged by
    its heading only: a LimeSurvey seed looks like a phone number)."""
    found = {}
    for column in frame_columns:
        values = [] if column in metadata else distinct.get(column, [])
        kind = personal_kind(column, values)
        if kind:
            found[column] = kind
    return found


def name_part(column: str) -> str | None:
    """``"first"``, ``"last"`` or ``"full"`` for a name column, else ``None``."""
    heading = _heading(column)
    if heading in FIRST_NAME_HEADINGS:
        return "first"
    if heading in LAST_NAME_HEADINGS:
        return "last"
    return "full" if heading in NAME_HEADINGS else None
