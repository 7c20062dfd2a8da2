// Mounts Stripe's Payment Element on the payment page and confirms the payment in the
// browser. The order is marked paid by the webhook only; this file just sends the customer
// to the return page, which shows the order's status until the webhook has spoken.
(function () {
  "use strict";
  var form = document.getElementById("card-payment-form");
  if (!form) { return; }
  var submit = document.getElementById("card-payment-submit");
  var message = document.getElementById("card-payment-message");
  var unavailable = document.getElementById("card-payment-unavailable");

  function showError(text) {
    message.textContent = text;
    message.hidden = false;
  }

  if (typeof window.Stripe !== "function" || !form.dataset.clientSecret) {
    unavailable.hidden = false;
    return;
  }
  var stripe = window.Stripe(form.dataset.publishableKey);
  var elements = stripe.elements({ clientSecret: form.dataset.clientSecret });
  var element = elements.create("payment");
  element.mount("#payment-element");
  element.on("ready", function () { submit.disabled = false; });

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    submit.disabled = true;
    message.hidden = true;
    stripe.confirmPayment({
      elements: elements,
      confirmParams: { return_url: new URL(form.dataset.returnUrl, window.location.href).href }
    }).then(function (result) {
      // Only reached when the payment could not be confirmed; on success Stripe redirects.
      if (result.error) {
        showError(result.error.message || "The payment did not go through.");
      }
      submit.disabled = false;
    });
  });
})();
