from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from duikou.api import api
from duikou.web import views as web_views

urlpatterns = [
    path("i18n/", include("django.conf.urls.i18n")),
    path("", web_views.home, name="home"),
    path("accounts/login/", auth_views.LoginView.as_view(), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("admin/", admin.site.urls),
    path("api/v1/", api.urls),
]
