import pytest


@pytest.fixture
def logged_in(client, users):
    """The test client, logged in as a demo user: ``logged_in("hq").get("/")``."""

    def login(username: str):
        client.force_login(users[username])
        return client

    return login
