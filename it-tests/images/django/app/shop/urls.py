"""The one page of the test image's project: what the migrated table holds."""
from django.http import JsonResponse
from django.urls import path

from notes.models import Note


def index(request):
    # a query on the table the migration Job created: the page fails until it exists
    return JsonResponse({"notes": Note.objects.count()})


urlpatterns = [path("", index)]
