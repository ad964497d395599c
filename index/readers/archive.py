"""ZIP archives: a batch of reports in one file, unpacked only when it is safe to.

Refused whole, naming the member: a path that would land outside the target folder (``../``, absolute,
drive letter), a symbolic link, an encrypted member, more members or more bytes than the limits, and a
member that expands far beyond its compressed size (a zip bomb). Sizes are counted while unpacking as
well, since an archive's own size fields can lie.
"""

from __future__ import annotations

import shutil
import stat
import zipfile
from io import BytesIO
from pathlib import Path, PurePosixPath

from index.read import REPORT_SUFFIXES, ReportInputError
from index.readers.sniff import Kind, zip_kind

MAX_TOTAL_BYTES = 200 * 1024 * 1024  # all members together, uncompressed
MAX_MEMBERS = 2000
MAX_RATIO = 100  # uncompressed / compressed; text and office files stay well under 20
RATIO_FLOOR = 1024 * 1024  # small members may compress as they like
_CHUNK = 1024 * 1024


def open_zip(path: str | Path, data: bytes | None = None) -> zipfile.ZipFile:
    try:
        return zipfile.ZipFile(Path(path) if data is None else BytesIO(data))
    except (zipfile.BadZipFile, OSError, ValueError, EOFError) as error:
        raise ReportInputError(path, "压缩包损坏或不完整 (corrupt zip)") from error


def member_name(member: zipfile.ZipInfo) -> str:
    """The member's name as its author wrote it. Without the UTF-8 flag zipfile reads names as CP437;
    archives from Chinese Windows hold GBK there, and some tools write UTF-8 without setting the flag."""
    if member.flag_bits & 0x800:
        return member.filename
    try:
        raw = member.filename.encode("cp437")
    except UnicodeEncodeError:
        return member.filename
    for encoding in ("utf-8", "gb18030"):
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError:
            continue
    return member.filename


def check_members(archive: zipfile.ZipFile, path: str | Path) -> list[zipfile.ZipInfo]:
    """The archive's file members, or ReportInputError naming the first that makes it unsafe."""
    members = archive.infolist()
    if len(members) > MAX_MEMBERS:
        raise ReportInputError(path, f"压缩包内文件过多 ({len(members)} 个，上限 {MAX_MEMBERS}) (too many members)")
    total = 0
    for member in members:
        name = member_name(member)
        if not safe_member_name(name):
            raise ReportInputError(path, f"压缩包内有不安全的路径 {name} (path traversal)")
        if stat.S_ISLNK(member.external_attr >> 16):
            raise ReportInputError(path, f"压缩包内有符号链接 {name} (symlink)")
        if member.flag_bits & 0x1:
            raise ReportInputError(path, f"压缩包已加密 {name} (encrypted zip)")
        total += member.file_size
        if member.file_size > RATIO_FLOOR and member.file_size > MAX_RATIO * max(member.compress_size, 1):
            raise ReportInputError(
                path, f"压缩包内 {name} 压缩比异常 ({member.file_size} / {member.compress_size}) (zip bomb)"
            )
    if total > MAX_TOTAL_BYTES:
        raise ReportInputError(path, f"压缩包解压后过大 ({total} 字节，上限 {MAX_TOTAL_BYTES}) (zip bomb)")
    return [member for member in members if not member.is_dir()]


def safe_member_name(name: str) -> bool:
    """A relative path that stays inside the folder it is unpacked into, on any system."""
    parts = PurePosixPath(name.replace("\\", "/")).parts
    if not parts or name.startswith(("/", "\\")) or "\x00" in name:
        return False
    return ".." not in parts and ":" not in parts[0]  # C:/… is absolute on Windows


def expand_zip(path: str | Path, into: Path, suffixes: tuple[str, ...]) -> list[Path]:
    """Unpack the members whose names end in one of ``suffixes`` under ``into``; their paths, in order.
    Raises ReportInputError (nothing is left unpacked) when the archive is damaged or unsafe."""
    path = Path(path)
    with open_zip(path) as archive:
        members = check_members(archive, path)
        into.mkdir(parents=True, exist_ok=True)
        written: list[Path] = []
        budget = MAX_TOTAL_BYTES
        try:
            for member in members:
                name = PurePosixPath(member_name(member).replace("\\", "/"))
                if name.suffix.lower() not in suffixes:
                    continue
                target = into.joinpath(*name.parts)
                budget -= _copy_member(archive, member, target, budget, path)
                written.append(target)
        except (zipfile.BadZipFile, OSError, EOFError) as error:
            shutil.rmtree(into, ignore_errors=True)
            raise ReportInputError(path, f"压缩包损坏或不完整 ({error}) (corrupt zip)") from error
        except ReportInputError:
            shutil.rmtree(into, ignore_errors=True)
            raise
    return written


def is_archive(path: str | Path) -> bool:
    """A ZIP of reports, not an office file (DOCX, XLSX, OFD are ZIPs too), judged by content."""
    try:
        with zipfile.ZipFile(path) as archive:
            return zip_kind(set(archive.namelist())) == Kind.ZIP
    except (zipfile.BadZipFile, OSError, ValueError):
        return False


def refuse_archive(path: str | Path) -> None:
    """An archive handed over as one report: say what is wrong with it, else that it is a batch."""
    with open_zip(path) as archive:
        members = check_members(archive, path)
    if not any(PurePosixPath(member_name(m)).suffix.lower() in REPORT_SUFFIXES for m in members):
        listed = " ".join(REPORT_SUFFIXES)
        raise ReportInputError(path, f"压缩包中没有可导入的报告文件（{listed}）(no report files in the zip)")
    raise ReportInputError(path, "这是压缩包，请用批量导入（build/add 或导入页面）(zip archive: import as a batch)")


def _copy_member(archive: zipfile.ZipFile, member: zipfile.ZipInfo, target: Path, budget: int, path: Path) -> int:
    target.parent.mkdir(parents=True, exist_ok=True)
    copied = 0
    with archive.open(member) as source, target.open("wb") as sink:
        while chunk := source.read(_CHUNK):
            copied += len(chunk)
            if copied > member.file_size or copied > budget:
                raise ReportInputError(path, f"压缩包内 {member_name(member)} 实际大小超出声明 (zip bomb)")
            sink.write(chunk)
    return copied
