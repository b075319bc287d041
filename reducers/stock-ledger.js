// The demo's long stock ledger (100,000 commits): stock on hand per SKU.
options({ aggregates: "stock-ledger-" });

when({
  $init: () => ({ warehouse: null, stock: {} }),
  ledgerOpened: (s, e) => { s.warehouse = e.warehouse; },
  stockReceived: (s, e) => { s.stock[e.sku] = (s.stock[e.sku] || 0) + e.quantity; },
  stockReserved: (s, e) => { s.stock[e.sku] = (s.stock[e.sku] || 0) - e.quantity; },
  stockAdjusted: (s, e) => { s.stock[e.sku] = (s.stock[e.sku] || 0) + e.delta; },
});
