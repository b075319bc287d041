using System.Text.Json.Nodes;
using EventExplorer.Data.Json;

namespace EventExplorer.Data.Demo;

/// <summary>One planned commit: its version and the events text exactly as it will be stored.</summary>
internal sealed record PlannedCommit(long Version, string EventsText, bool OmitCommittedAt = false);

/// <summary>One demo aggregate: its commits in version order and the snapshot state to store (if any).</summary>
internal sealed record PlannedAggregate(string Id, IReadOnlyList<PlannedCommit> Commits, string? SnapshotState);

/// <summary>
/// Invents the demo aggregates: customer accounts, orders, carts, a long stock ledger, a big catalogue
/// import, a ticket with markup and a few items written wrongly. Everything comes from one seeded
/// Random so that every run writes the same data.
/// </summary>
internal sealed class DemoStories(Random random)
{
    private static readonly string[] FirstNames = ["John", "Jane", "Amira", "Lukas", "Sofia", "Mateo", "Yuki", "Olivia", "Noah", "Chloé", "Björn", "Priya", "Kwame", "Elena", "Tomás", "Mei"];
    private static readonly string[] LastNames = ["Doe", "Schmidt", "Rossi", "García", "Nakamura", "Okafor", "Dubois", "Novak", "Jensen", "Silva", "Kowalski", "Haddad"];
    private static readonly string[] Companies = ["Doe, Inc.", "Acme GmbH", "Globex Ltd", "Initech", "Umbrella SA", "Hooli", "Stark Industries", "Wayne Enterprises", ""];
    private static readonly (string City, string Postcode, string Country)[] Places =
        [("Berlin", "10115", "DE"), ("Lyon", "69001", "FR"), ("Milano", "20121", "IT"), ("Madrid", "28001", "ES"), ("Utrecht", "3511", "NL"), ("Kraków", "30-001", "PL"), ("Dublin", "D02", "IE")];
    private static readonly string[] Streets = ["Hauptstraße", "Rue de la Paix", "Via Roma", "Calle Mayor", "Oudegracht", "Floriańska", "Grafton Street"];
    private static readonly (string Sku, string Name, decimal Price)[] Products =
    [
        ("SKU-1001", "Espresso beans 1 kg", 18.90m), ("SKU-1002", "Ceramic mug", 9.50m), ("SKU-1003", "Milk frother", 34.00m),
        ("SKU-2001", "Trail running shoes", 129.95m), ("SKU-2002", "Merino socks (3 pairs)", 24.00m), ("SKU-3001", "USB-C cable 2 m", 12.99m),
        ("SKU-3002", "Mechanical keyboard", 149.00m), ("SKU-3003", "27\" monitor", 289.00m), ("SKU-4001", "Notebook A5, dotted", 6.75m),
        ("SKU-4002", "Fountain pen", 42.00m),
    ];
    private static readonly string[] Carriers = ["DHL", "UPS", "DPD", "GLS", "PostNL"];

    private readonly List<string> _customerIds = [];

    public IReadOnlyList<PlannedAggregate> Plan(DemoDataSize size)
    {
        var aggregates = new List<PlannedAggregate>();
        for (var i = 0; i < size.Accounts; i++) aggregates.Add(Account(NewGuid(), i % size.SnapshotEvery == 0));
        foreach (var odd in DemoAggregates.OddIds) aggregates.Add(Account(odd, snapshot: true));
        for (var i = 0; i < size.Orders; i++) aggregates.Add(Order($"order-2024-{i + 100:D6}", i % size.SnapshotEvery == 0));
        for (var i = 0; i < size.Carts; i++) aggregates.Add(Cart($"cart-{random.Next():x8}", i % size.SnapshotEvery == 0));

        aggregates.Add(Ledger(size.LongAggregateCommits));
        aggregates.Add(CatalogImport(size.BigCommitBytes));
        aggregates.Add(Ticket());
        aggregates.AddRange(Malformed());
        return aggregates;
    }

    private PlannedAggregate Account(string id, bool snapshot)
    {
        var first = Pick(FirstNames);
        var last = Pick(LastNames);
        var username = $"{first.ToLowerInvariant()}.{last.ToLowerInvariant()}{random.Next(1, 99)}";
        var state = new JsonObject
        {
            ["username"] = username,
            ["email"] = $"{username}@example.com",
            ["name"] = $"{first} {last}",
            ["company"] = Pick(Companies),
            ["addresses"] = new JsonArray(),
            ["status"] = "active",
        };
        var commits = new List<JsonArray>
        {
            new(
                new JsonObject { ["type"] = "accountCreated", ["username"] = username, ["email"] = $"{username}@example.com" },
                new JsonObject { ["type"] = "profileEdited", ["name"] = $"{first} {last}", ["company"] = state["company"]!.GetValue<string>() }),
        };
        var more = random.Next(0, 7);
        for (var i = 0; i < more; i++)
        {
            JsonObject e;
            switch (random.Next(5))
            {
                case 0:
                    var email = $"{username}+{random.Next(10, 99)}@mail.example.org";
                    e = new JsonObject { ["type"] = "emailChanged", ["email"] = email };
                    state["email"] = email;
                    break;
                case 1:
                    var place = Pick(Places);
                    var address = new JsonObject
                    {
                        ["street"] = $"{Pick(Streets)} {random.Next(1, 200)}",
                        ["city"] = place.City,
                        ["postcode"] = place.Postcode,
                        ["country"] = place.Country,
                    };
                    e = new JsonObject { ["type"] = "addressAdded", ["address"] = address.DeepClone() };
                    state["addresses"]!.AsArray().Add(address);
                    break;
                case 2:
                    e = new JsonObject { ["type"] = "passwordReset", ["requestedFrom"] = $"203.0.113.{random.Next(1, 254)}" };
                    break;
                case 3:
                    var consent = random.Next(2) == 0;
                    e = new JsonObject { ["type"] = "marketingConsentChanged", ["consent"] = consent };
                    state["marketingConsent"] = consent;
                    break;
                default:
                    var company = Pick(Companies);
                    e = new JsonObject { ["type"] = "profileEdited", ["name"] = state["name"]!.GetValue<string>(), ["company"] = company };
                    state["company"] = company;
                    break;
            }
            commits.Add(new JsonArray(e));
        }
        switch (random.Next(20))
        {
            case 0:
                commits.Add(new JsonArray(new JsonObject { ["type"] = "accountDeleted" }));
                state["status"] = "deleted";
                break;
            case 1 or 2:
                commits.Add(new JsonArray(new JsonObject { ["type"] = "accountSuspended", ["reason"] = "chargeback", ["ticket"] = $"SUP-{random.Next(1000, 9999)}" }));
                state["status"] = "suspended";
                break;
        }
        if (!id.StartsWith("account-", StringComparison.Ordinal)) _customerIds.Add(id);
        return Build(id, commits, snapshot ? state : null);
    }

    private PlannedAggregate Order(string id, bool snapshot)
    {
        var lines = new JsonArray();
        var total = 0m;
        var count = random.Next(1, 5);
        for (var i = 0; i < count; i++)
        {
            var product = Pick(Products);
            var qty = random.Next(1, 4);
            total += qty * product.Price;
            lines.Add(new JsonObject { ["sku"] = product.Sku, ["name"] = product.Name, ["quantity"] = qty, ["unitPrice"] = product.Price });
        }
        var customer = _customerIds.Count > 0 ? _customerIds[random.Next(_customerIds.Count)] : NewGuid();
        var state = new JsonObject { ["customerId"] = customer, ["lineCount"] = count, ["total"] = total, ["currency"] = "EUR", ["status"] = "placed" };
        var commits = new List<JsonArray>
        {
            new(new JsonObject { ["type"] = "orderPlaced", ["customerId"] = customer, ["lines"] = lines, ["currency"] = "EUR", ["total"] = total }),
        };
        var progress = random.Next(6);
        if (progress >= 1)
        {
            commits.Add(new JsonArray(new JsonObject
            {
                ["type"] = "paymentAuthorized",
                ["amount"] = total,
                ["provider"] = random.Next(2) == 0 ? "card" : "paypal",
                ["reference"] = $"pay_{random.Next():x8}{random.Next():x8}",
            }));
            state["status"] = "paid";
        }
        if (progress == 2)
        {
            commits.Add(new JsonArray(new JsonObject { ["type"] = "orderCancelled", ["reason"] = "customer request" },
                new JsonObject { ["type"] = "refundIssued", ["amount"] = total }));
            state["status"] = "cancelled";
        }
        else if (progress >= 3)
        {
            var carrier = Pick(Carriers);
            commits.Add(new JsonArray(new JsonObject { ["type"] = "orderShipped", ["carrier"] = carrier, ["trackingNumber"] = $"{carrier}{random.Next(100000000, 999999999)}" }));
            state["status"] = "shipped";
            if (progress >= 4)
            {
                commits.Add(new JsonArray(new JsonObject { ["type"] = "orderDelivered", ["signedBy"] = Pick(LastNames) }));
                state["status"] = "delivered";
            }
        }
        return Build(id, commits, snapshot ? state : null);
    }

    private PlannedAggregate Cart(string id, bool snapshot)
    {
        var items = new JsonObject();
        var commits = new List<JsonArray>
        {
            new(new JsonObject { ["type"] = "cartCreated", ["sessionId"] = NewGuid(), ["customerId"] = random.Next(3) == 0 ? null : (_customerIds.Count > 0 ? _customerIds[random.Next(_customerIds.Count)] : null) }),
        };
        var adds = random.Next(1, 6);
        for (var i = 0; i < adds; i++)
        {
            var product = Pick(Products);
            var qty = random.Next(1, 3);
            commits.Add(new JsonArray(new JsonObject { ["type"] = "itemAdded", ["sku"] = product.Sku, ["quantity"] = qty, ["unitPrice"] = product.Price }));
            items[product.Sku] = (items[product.Sku]?.GetValue<int>() ?? 0) + qty;
        }
        if (random.Next(3) == 0 && items.Count > 0)
        {
            var sku = items.First().Key;
            commits.Add(new JsonArray(new JsonObject { ["type"] = "itemRemoved", ["sku"] = sku }));
            items.Remove(sku);
        }
        if (random.Next(4) == 0)
        {
            commits.Add(new JsonArray(new JsonObject { ["type"] = "couponApplied", ["code"] = "WINTER10", ["percentOff"] = 10 }));
        }
        var outcome = random.Next(3);
        var status = outcome == 0 ? "checkedOut" : outcome == 1 ? "abandoned" : "open";
        if (outcome == 0) commits.Add(new JsonArray(new JsonObject { ["type"] = "cartCheckedOut", ["orderId"] = $"order-2024-{random.Next(100, 999999):D6}" }));
        if (outcome == 1) commits.Add(new JsonArray(new JsonObject { ["type"] = "cartAbandoned", ["idleMinutes"] = random.Next(30, 600) }));
        return Build(id, commits, snapshot ? new JsonObject { ["items"] = items, ["status"] = status } : null);
    }

    private PlannedAggregate Ledger(int commitCount)
    {
        var stock = Products.ToDictionary(p => p.Sku, _ => 0);
        var commits = new List<JsonArray>(commitCount)
        {
            new(new JsonObject { ["type"] = "ledgerOpened", ["warehouse"] = "FRA-1", ["region"] = "eu-central-1" }),
        };
        for (var i = 1; i < commitCount; i++)
        {
            var sku = Pick(Products).Sku;
            JsonObject e;
            if (stock[sku] < 5 || random.Next(4) == 0)
            {
                var qty = random.Next(10, 200);
                stock[sku] += qty;
                e = new JsonObject { ["type"] = "stockReceived", ["sku"] = sku, ["quantity"] = qty, ["lot"] = $"LOT-{i:D6}" };
            }
            else if (random.Next(10) == 0)
            {
                var delta = -random.Next(1, 3);
                stock[sku] += delta;
                e = new JsonObject { ["type"] = "stockAdjusted", ["sku"] = sku, ["delta"] = delta, ["reason"] = "damaged in storage" };
            }
            else
            {
                var qty = random.Next(1, Math.Min(5, stock[sku]));
                stock[sku] -= qty;
                e = new JsonObject { ["type"] = "stockReserved", ["sku"] = sku, ["quantity"] = qty, ["orderId"] = $"order-2024-{random.Next(100, 999999):D6}" };
            }
            commits.Add(new JsonArray(e));
        }
        var state = new JsonObject { ["warehouse"] = "FRA-1", ["stock"] = new JsonObject(stock.Select(kv => KeyValuePair.Create(kv.Key, (JsonNode?)kv.Value))) };
        return Build(DemoAggregates.LongLedger, commits, state);
    }

    private PlannedAggregate CatalogImport(int targetBytes)
    {
        var products = new JsonArray();
        var size = 0;
        for (var i = 0; size < targetBytes; i++)
        {
            var product = new JsonObject
            {
                ["sku"] = $"IMP-{i:D6}",
                ["name"] = $"{Pick(Products).Name} — variant {i}",
                ["price"] = Math.Round((decimal)random.NextDouble() * 200m + 1m, 2),
                ["stock"] = random.Next(0, 500),
                ["tags"] = new JsonArray("imported", Pick(Places).Country.ToLowerInvariant()),
                ["description"] = $"Imported from the supplier feed on line {i + 1}. Dimensions {random.Next(5, 80)}×{random.Next(5, 80)}×{random.Next(1, 30)} cm, weight {random.Next(50, 5000)} g.",
            };
            size += Text(product).Length + 1;
            products.Add(product);
        }
        var commits = new List<JsonArray>
        {
            new(new JsonObject { ["type"] = "catalogImportStarted", ["source"] = "s3://supplier-feeds/2024-11/catalog.csv" }),
            new(new JsonObject { ["type"] = "productsImported", ["count"] = products.Count, ["products"] = products }),
            new(new JsonObject { ["type"] = "catalogImportCompleted", ["warnings"] = 0 }),
        };
        return Build(DemoAggregates.BigCommit, commits, snapshot: null);
    }

    private PlannedAggregate Ticket()
    {
        var commits = new List<JsonArray>
        {
            new(new JsonObject
            {
                ["type"] = "ticketOpened",
                ["subject"] = "Checkout button broken <script>alert(1)</script>",
                ["customerEmail"] = "jane.doe@example.com",
                ["bodyHtml"] = "<p>Hi,</p><p>the <b>Pay now</b> button does nothing.<br><img src=x onerror=\"alert('img')\"></p>",
            }),
            new(new JsonObject { ["type"] = "agentReplied", ["agent"] = "lukas", ["bodyHtml"] = "<a href=\"javascript:alert(2)\">Click here</a> &amp; try again <i>please</i>" }),
            new(new JsonObject { ["type"] = "ticketClosed", ["resolution"] = "fixed in release 4.2 </td></tr></table>" }),
        };
        return Build(DemoAggregates.Markup, commits, new JsonObject { ["status"] = "closed", ["subject"] = "Checkout button broken <script>alert(1)</script>" });
    }

    /// <summary>Items as a buggy program or an old import might have written them.</summary>
    private IEnumerable<PlannedAggregate> Malformed()
    {
        yield return new PlannedAggregate(DemoAggregates.EventsNotJson,
        [
            new PlannedCommit(0, Text(new JsonArray(new JsonObject { ["type"] = "orderPlaced", ["total"] = 42.5m, ["currency"] = "EUR" }))),
            new PlannedCommit(1, """[{"type":"paymentAuthorized","amount":42.5,"provider":"card","""),
        ], null);
        yield return new PlannedAggregate(DemoAggregates.EventsNotArray,
        [
            new PlannedCommit(0, """{"type":"orderPlaced","total":12.5,"currency":"EUR"}"""),
        ], null);
        yield return new PlannedAggregate(DemoAggregates.MissingCommittedAt,
        [
            new PlannedCommit(0, Text(new JsonArray(new JsonObject { ["type"] = "accountCreated", ["username"] = "legacy3", ["email"] = "legacy3@example.com" }))),
            new PlannedCommit(1, Text(new JsonArray(new JsonObject { ["type"] = "emailChanged", ["email"] = "legacy3@example.net" })), OmitCommittedAt: true),
        ], null);
        yield return new PlannedAggregate(DemoAggregates.SkippedVersions,
            new long[] { 1, 2, 3, 5 }.Select(v => new PlannedCommit(v, Text(new JsonArray(new JsonObject { ["type"] = "legacyImported", ["batch"] = v })))).ToList(),
            null);
        var order = Order(DemoAggregates.MalformedSnapshot, snapshot: false);
        yield return order with { SnapshotState = """{"status": shipped, "total": 19.90""" };
    }

    private static PlannedAggregate Build(string id, List<JsonArray> commits, JsonObject? snapshot) =>
        new(id, commits.Select((events, version) => new PlannedCommit(version, Text(events))).ToList(), snapshot is null ? null : Text(snapshot));

    // Stored the way JSON.stringify writes it: no \u escapes for '<', '&' or non-ASCII letters.
    private static string Text(JsonNode node) => StoredJson.WriteCompact(node);

    private T Pick<T>(IReadOnlyList<T> items) => items[random.Next(items.Count)];

    private string NewGuid()
    {
        var bytes = new byte[16];
        random.NextBytes(bytes);
        // Version 4, variant 1, so the ids look like the ones real programs generate.
        bytes[7] = (byte)((bytes[7] & 0x0F) | 0x40);
        bytes[8] = (byte)((bytes[8] & 0x3F) | 0x80);
        return new Guid(bytes).ToString();
    }
}
