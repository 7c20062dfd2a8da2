"""Quick order (``/cart/quick``): paste a parts list, get every line matched or explained."""

from __future__ import annotations

from flask import flash, redirect, render_template, url_for

from shop.cart import quick, services, session
from shop.cart.blueprint import bp
from shop.cart.forms import QuickOrderForm
from shop.extensions import db


@bp.route("/quick", methods=["GET", "POST"])
def quick_order():
    form = QuickOrderForm()
    if not form.validate_on_submit():
        status = 400 if form.is_submitted() else 200
        return render_template("cart/quick.html", form=form, result=None), status
    lines, left_over = quick.parse(form.parts.data)
    result = quick.resolve(lines)
    added = []
    if result.matched:
        cart = session.current_cart(create=True)
        outcome = services.add_items(
            cart, [(q.product.id, q.quantity) for q in result.matched])
        for line, error in zip(result.matched, outcome, strict=True):
            if error:
                line.error = error
                result.invalid.append(line)
            else:
                added.append(line)
        db.session.commit()
    result.matched = added
    problems = result.problems
    if added and not problems and not left_over:
        units = sum(q.quantity for q in added)
        flash(f"Added {len(added)} {'line' if len(added) == 1 else 'lines'} "
              f"({units} {'unit' if units == 1 else 'units'}) to your cart.", "success")
        return redirect(url_for("cart.show"))
    # What is left to sort out goes back into the box; what was added is listed above it.
    form.parts.data = "\n".join(q.raw.strip() for q in problems)
    return render_template("cart/quick.html", form=form, result=result, left_over=left_over,
                           problems=problems), 200
