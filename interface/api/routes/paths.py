"""Path parameters shared by the case routes."""

from __future__ import annotations

from typing import Annotated

from fastapi import Path

CaseNo = Annotated[
    str, Path(min_length=1, max_length=64, pattern=r"^[A-Za-z0-9][A-Za-z0-9._\-]*$", description="办件编号")
]
Key = Annotated[str, Path(min_length=1, max_length=64, pattern=r"^[A-Za-z0-9][A-Za-z0-9._:\-]*$")]
