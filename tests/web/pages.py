"""Helpers for tests that read rendered pages."""


def text(response) -> str:
    """The page's HTML, after checking it was served (200)."""
    assert response.status_code == 200, response.status_code
    return response.content.decode()
