// Orders in the demo data (order-...): the state their snapshots hold.
// A reducer is one file: options() says which aggregates it is for, when() gives a handler per event
// type. A handler gets (state, event, meta) and returns the new state, or nothing to keep the state it
// changed in place. meta = { aggregateId, version, index, committedAt }.
options({ aggregates: "order-" });

when({
  $init: () => ({ status: "new" }),

  orderPlaced: (s, e) => ({
    customerId: e.customerId,
    lineCount: e.lines.length,
    total: e.total,
    currency: e.currency,
    status: "placed",
  }),

  paymentAuthorized: (s) => { s.status = "paid"; },
  orderCancelled: (s) => { s.status = "cancelled"; },
  orderShipped: (s) => { s.status = "shipped"; },
  orderDelivered: (s) => { s.status = "delivered"; },
});
