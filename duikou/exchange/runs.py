"""IATI files imported in the background: the upload is checked and stored, a run is queued
for the worker, which keeps the run's progress while the importer reads the file and ends
with its report (or the error that stopped it); the stored file is deleted then. A run whose
worker was stopped midway (killed, the machine restarted) makes no progress any more: after
``STALLED_AFTER`` it is ended as failed, saying so."""

from __future__ import annotations

import datetime
import logging
import secrets
import time
from collections.abc import Callable
from pathlib import Path

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from duikou.common.errors import field_error
from duikou.exchange.iati.importer import Importer
from duikou.exchange.models import ImportRun
from duikou.partners.models import Pairing
from duikou.partners.selectors import pairings_editable_by
from duikou.projects.selectors import ensure_may_create_projects

logger = logging.getLogger(__name__)
Status = ImportRun.Status
BUSY = {Status.QUEUED, Status.RUNNING}
SAVE_EVERY = 0.5  # seconds between two saves of the progress
STALLED_AFTER = datetime.timedelta(minutes=10)  # without progress: the worker is gone


def _pairing(by, value) -> Pairing | None:
    if isinstance(value, Pairing):
        pairing = value
    else:
        pk = str(value if value is not None else "").strip()
        if not pk:
            return None
        pairing = (
            Pairing.objects.filter(pk=int(pk)).first() if pk.isdigit() and int(pk) < 2**31 else None
        )
    if pairing is not None and not pairings_editable_by(by).filter(pk=pairing.pk).exists():
        pairing = None
    if pairing is None:
        raise field_error("pairing", _("结对关系不存在或不在您的权限范围内。"))
    return pairing


def _store(upload) -> tuple[Path, int]:
    """Write the upload, chunk by chunk, under a random name; its path and size."""
    folder = Path(settings.IATI_UPLOAD_DIR)
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{secrets.token_hex(16)}.xml"
    size = 0
    try:
        with open(path, "xb") as stored:
            for chunk in upload.chunks():
                stored.write(chunk)
                size += len(chunk)
    except BaseException:
        path.unlink(missing_ok=True)
        raise
    return path, size


def import_run_start(*, by, upload, pairing, all_or_nothing: bool = False) -> ImportRun:
    """Check and store an uploaded IATI file and queue its import into ``pairing`` (a
    Pairing or its id). Errors name the field: ``file`` or ``pairing``."""
    ensure_may_create_projects(by)
    errors: dict[str, list] = {}
    name = Path(getattr(upload, "name", "") or "").name
    if upload is None or not name:
        errors |= field_error("file", _("请选择要导入的 IATI 活动文件(.xml)。")).error_dict
    elif not name.lower().endswith(".xml"):
        errors |= field_error("file", _("请上传 .xml 格式的 IATI 活动文件。")).error_dict
    elif not upload.size:
        errors |= field_error("file", _("文件是空的。")).error_dict
    elif upload.size > settings.IATI_UPLOAD_MAX_BYTES:
        limit = settings.IATI_UPLOAD_MAX_BYTES / (1 << 20)
        message = _("文件有 %(size)s MB,超过了 %(limit)s MB 的上限:请分成几个文件上传。")
        size = upload.size / (1 << 20)
        errors |= field_error(
            "file", message % {"size": f"{size:,.1f}", "limit": f"{limit:,.0f}"}
        ).error_dict
    if pairing is None or pairing == "":
        errors |= field_error("pairing", _("请选择导入到哪个结对关系。")).error_dict
    else:
        try:
            pairing = _pairing(by, pairing)
        except ValidationError as error:
            errors |= error.error_dict
    if errors:
        raise ValidationError(errors)
    path, size = _store(upload)
    try:
        with transaction.atomic():
            run = ImportRun.objects.create(
                file_name=name[:255],
                stored_path=str(path),
                size=size,
                pairing=pairing,
                all_or_nothing=bool(all_or_nothing),
                created_by=by,
            )
    except BaseException:
        path.unlink(missing_ok=True)
        raise
    from duikou.exchange.tasks import import_iati_file

    import_iati_file.enqueue(run.pk, translation.get_language() or settings.LANGUAGE_CODE)
    run.refresh_from_db()
    return run


def _saver(run: ImportRun, every: float = SAVE_EVERY) -> Callable[[float, int], None]:
    """Keep the import's progress on the run, at most every ``every`` seconds. With all or
    nothing the importer reads the file twice (a check, then the import): each pass is half
    of the bar."""
    state = {"saved": 0.0, "share": 0.0, "pass": 0}
    passes = 2 if run.all_or_nothing else 1

    def save(share: float, activities: int) -> None:
        if share < state["share"] and state["pass"] + 1 < passes:
            state["pass"] += 1  # the second pass starts again at the top of the file
        state["share"] = share
        now = time.monotonic()
        if now - state["saved"] < every and share < 1.0:
            return
        state["saved"] = now
        done = min((state["pass"] + share) / passes, 1.0)
        ImportRun.objects.filter(pk=run.pk).update(
            done_bytes=int(done * run.size), activities=activities, heartbeat_at=timezone.now()
        )

    return save


def _finish(run: ImportRun, status: str, report: dict, **fields) -> None:
    ImportRun.objects.filter(pk=run.pk).update(
        status=status, report=report, finished_at=timezone.now(), **fields
    )


def import_run_work(run_id: int, language: str = "") -> ImportRun:
    """Import a queued run's file now (the worker's task): progress, then the report, in
    the language of the user who uploaded it."""
    run = ImportRun.objects.select_related("pairing", "created_by").get(pk=run_id)
    if run.status != Status.QUEUED:
        return run  # already taken by a worker
    ImportRun.objects.filter(pk=run.pk).update(
        status=Status.RUNNING, done_bytes=0, activities=0, heartbeat_at=timezone.now()
    )
    with translation.override(language or settings.LANGUAGE_CODE):
        _work(run)
    run.refresh_from_db()
    return run


def _work(run: ImportRun) -> None:
    path = Path(run.stored_path)
    try:
        if run.created_by is None:  # the user is gone: nobody to import for
            raise PermissionDenied(_("上传此文件的用户已不存在。"))
        importer = Importer(
            by=run.created_by,
            pairing=run.pairing,
            all_or_nothing=run.all_or_nothing,
            source=run.file_name,
        )
        report = importer.import_file(path, name=run.file_name, progress=_saver(run))
    except (PermissionDenied, ValidationError) as error:
        messages = getattr(error, "messages", None) or [str(error)]
        _finish(run, Status.FAILED, {"error": " ".join(str(m) for m in messages)})
    except OSError as error:
        _finish(run, Status.FAILED, {"error": _("无法读取上传的文件:%(error)s") % {"error": error}})
    except Exception as error:
        logger.exception("IATI import run %s failed", run.pk)
        _finish(run, Status.FAILED, {"error": f"{type(error).__name__}: {error}"})
        raise
    else:
        _finish(
            run,
            Status.REJECTED if report.rejected else Status.DONE,
            report.as_dict(),
            done_bytes=run.size,
            activities=report.activities,
        )
    finally:
        path.unlink(missing_ok=True)


def import_runs_end_stalled() -> int:
    """End the runs that have been running without progress for ``STALLED_AFTER``: their
    worker was stopped. How many were ended."""
    now = timezone.now()
    cutoff = now - STALLED_AFTER
    stalled = ImportRun.objects.filter(status=Status.RUNNING).filter(
        Q(heartbeat_at__lt=cutoff) | Q(heartbeat_at__isnull=True, created_at__lt=cutoff)
    )
    if not stalled.exists():  # a read: the pages that call this take no write lock
        return 0
    minutes = int(STALLED_AFTER.total_seconds() // 60)
    error = _(
        "导入中断:后台进程已停止(超过 %(minutes)s 分钟没有进展),部分活动可能已导入。"
        "请重新上传该文件:已导入的活动不会重复。"
    ) % {"minutes": minutes}
    return stalled.update(status=Status.FAILED, report={"error": error}, finished_at=now)
