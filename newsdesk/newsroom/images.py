"""Pictures for the body editor: upload, the library and each picture's details.

Filled by issue 15's work; the URL (admin:newsroom_editor_images) is fixed here so that
the editor's widget can name it.
"""

from django.http import JsonResponse


def editor_images_view(request):
    return JsonResponse({"images": []})
