"""Materialised paths: a subtree is one indexed prefix query (``path LIKE 'x%'``)."""

from django.db import models

PATH_SEPARATOR = "/"


class PathTreeModel(models.Model):
    """A node of a tree that stores the keys of its ancestors and itself as ``/a/b/c/``."""

    path = models.CharField(max_length=255, editable=False, blank=True, default="")

    class Meta:
        abstract = True

    def path_key(self) -> str:
        """The part of the path that stands for this node."""
        return str(self.pk)

    @property
    def depth(self) -> int:
        """0 for a root, 1 for its children…"""
        return max(self.path.count(PATH_SEPARATOR) - 2, 0)

    def compute_path(self) -> str:
        parent = getattr(self, "parent", None)
        prefix = parent.path if parent is not None else PATH_SEPARATOR
        return f"{prefix}{self.path_key()}{PATH_SEPARATOR}"


def path_index(model_name: str) -> models.Index:
    """Index the path so prefix matches use it (varchar_pattern_ops on PostgreSQL)."""
    return models.Index(
        fields=["path"], name=f"{model_name}_path_idx", opclasses=["varchar_pattern_ops"]
    )
