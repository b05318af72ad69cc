from enum import StrEnum


class Resolution(StrEnum):
    P1080 = "1080p"
    P360 = "360p"
    P540 = "540p"
    P720 = "720p"

    def __str__(self) -> str:
        return str(self.value)
