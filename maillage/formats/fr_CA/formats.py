# Quebec usage: 2026-11-21 et 13 h 40 (the "h" escaped, unlike Django's own fr_CA formats).
DATE_FORMAT = "j F Y"
TIME_FORMAT = "H\xa0\\h\xa0i"
DATETIME_FORMAT = "j F Y, H\xa0\\h\xa0i"
SHORT_DATE_FORMAT = "Y-m-d"
SHORT_DATETIME_FORMAT = "Y-m-d H\xa0\\h\xa0i"
