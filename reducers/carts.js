// Carts in the demo data (cart-...): quantity per SKU and where the cart ended up.
options({ aggregates: "cart-" });

when({
  $init: () => ({ items: {}, status: "open" }),
  itemAdded: (s, e) => { s.items[e.sku] = (s.items[e.sku] || 0) + e.quantity; },
  itemRemoved: (s, e) => { delete s.items[e.sku]; },
  cartCheckedOut: (s) => { s.status = "checkedOut"; },
  cartAbandoned: (s) => { s.status = "abandoned"; },
});
