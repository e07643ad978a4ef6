"""The common Han characters of both scripts, taken from the encodings that define them:
GB 2312 level 1 (3,755 frequent Simplified characters, lead bytes 0xB0-0xD7) and Big5's
frequently used block (5,401 Traditional characters, 0xA440-0xC67E)."""


def _gb2312_level1() -> set[str]:
    chars = set()
    for lead in range(0xB0, 0xD8):
        for trail in range(0xA1, 0xFF):
            try:
                chars.add(bytes([lead, trail]).decode("gb2312"))
            except UnicodeDecodeError:
                pass
    return chars


def _big5_frequent() -> set[str]:
    chars = set()
    for lead in range(0xA4, 0xC7):
        for trail in list(range(0x40, 0x7F)) + list(range(0xA1, 0xFF)):
            if (lead, trail) > (0xC6, 0x7E):
                break
            try:
                chars.add(bytes([lead, trail]).decode("big5"))
            except UnicodeDecodeError:
                pass
    return chars


COMMON = frozenset(_gb2312_level1() | _big5_frequent())
