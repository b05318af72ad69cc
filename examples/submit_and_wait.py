"""Submit a Pixverse C1 reference-to-video task, wait for it, print the video URL.

    HIGHWAY_API_KEY=... python examples/submit_and_wait.py

Every accepted request is billed. HIGHWAY_BASE_URL points the client elsewhere (a mock server).
"""

from pixverse_c1_client import PixverseC1, TaskFailedError, TaskTimeoutError, status_of, video_urls

request = {
    "images": [
        {"type": "subject", "ref_name": "hero", "image_url": "https://example.com/hero.png"},
        {"type": "background", "ref_name": "city", "image_url": "https://example.com/city.png"},
    ],
    "prompt": "@hero running through @city",
    "duration": 5,
    "resolution": "720p",
}

with PixverseC1() as client:  # reads HIGHWAY_API_KEY (and HIGHWAY_BASE_URL, if set)
    try:
        result = client.generate(
            request,
            wait_timeout=900,
            on_progress=lambda r: print("status:", status_of(r)),
        )
    except TaskFailedError as failed:
        raise SystemExit(f"the task failed: {failed.reason}") from failed
    except TaskTimeoutError as late:
        raise SystemExit(f"still running; resume with wait_for_result({late.task_id!r})") from late
    for url in video_urls(result):
        print(url)
