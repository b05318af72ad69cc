from enum import StrEnum


class ImageType(StrEnum):
    BACKGROUND = "background"
    SUBJECT = "subject"

    def __str__(self) -> str:
        return str(self.value)
