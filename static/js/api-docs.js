// Start Swagger UI on /api/docs: local spec, no validator badge, CSRF header on "try it out".
(function () {
  "use strict";

  const UNSAFE = new Set(["POST", "PUT", "PATCH", "DELETE"]);
  const root = document.getElementById("swagger-ui");
  const meta = document.querySelector('meta[name="csrf-token"]');
  const csrfToken = meta ? meta.content : "";

  window.ui = window.SwaggerUIBundle({
    url: root.dataset.specUrl,
    domNode: root,
    deepLinking: true,
    validatorUrl: null,
    presets: [window.SwaggerUIBundle.presets.apis],
    requestInterceptor: function (request) {
      // Same-origin "try it out" calls carry the session cookie, so they need the CSRF header.
      if (csrfToken && UNSAFE.has(String(request.method).toUpperCase())) {
        request.headers["X-CSRFToken"] = csrfToken;
      }
      return request;
    },
  });
})();
