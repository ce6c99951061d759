"""Chinese first: on pages the language is the user's explicit choice (the language cookie set
by the switch on every page), otherwise zh-Hans, whatever the browser's Accept-Language says.
API clients choose explicitly with Accept-Language."""

from django.conf import settings
from django.middleware.locale import LocaleMiddleware
from django.utils import translation


class ChineseFirstLocaleMiddleware(LocaleMiddleware):
    def process_request(self, request):
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, "")
        supported = {code for code, _name in settings.LANGUAGES}
        if chosen not in supported and request.path_info.startswith("/api/"):
            chosen = translation.get_language_from_request(request)
        language = chosen if chosen in supported else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = translation.get_language()
