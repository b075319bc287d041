using System.Buffers;
using System.Text;
using System.Text.Json;
using Amazon.DynamoDBv2.Model;
using EventExplorer.Data.Json;

namespace EventExplorer.Data.DynamoDb.Commits;

/// <summary>An item in DynamoDB's own JSON (what the AWS CLI prints and put-item takes), and the type codes it uses.</summary>
internal static class DynamoDbJson
{
    public static string TypeCode(AttributeValue value) =>
        value.S is not null ? "S"
        : value.N is not null ? "N"
        : value.B is not null ? "B"
        : value.BOOL is not null ? "BOOL"
        : value.NULL is not null ? "NULL"
        : value.L is not null ? "L"
        : value.M is not null ? "M"
        : value.SS is not null ? "SS"
        : value.NS is not null ? "NS"
        : value.BS is not null ? "BS"
        : "?";

    /// <summary>The item in DynamoDB's own JSON (what the AWS CLI prints and put-item takes), attributes in the given order.</summary>
    public static string Write(IEnumerable<KeyValuePair<string, AttributeValue>> attributes)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer, StoredJson.CompactWriter))
        {
            writer.WriteStartObject();
            foreach (var (name, value) in attributes)
            {
                writer.WritePropertyName(name);
                WriteTyped(writer, value);
            }
            writer.WriteEndObject();
        }
        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    private static void WriteTyped(Utf8JsonWriter writer, AttributeValue value)
    {
        writer.WriteStartObject();
        var type = TypeCode(value);
        writer.WritePropertyName(type);
        switch (type)
        {
            case "S": writer.WriteStringValue(value.S); break;
            case "N": writer.WriteStringValue(value.N); break;
            case "B": writer.WriteBase64StringValue(value.B.ToArray()); break;
            case "BOOL": writer.WriteBooleanValue(value.BOOL!.Value); break;
            case "NULL": writer.WriteBooleanValue(true); break;
            case "L":
                writer.WriteStartArray();
                foreach (var element in value.L) WriteTyped(writer, element);
                writer.WriteEndArray();
                break;
            case "M":
                writer.WriteStartObject();
                foreach (var (name, inner) in value.M)
                {
                    writer.WritePropertyName(name);
                    WriteTyped(writer, inner);
                }
                writer.WriteEndObject();
                break;
            case "SS": WriteStrings(writer, value.SS); break;
            case "NS": WriteStrings(writer, value.NS); break;
            case "BS":
                writer.WriteStartArray();
                foreach (var bytes in value.BS) writer.WriteBase64StringValue(bytes.ToArray());
                writer.WriteEndArray();
                break;
            default: writer.WriteNullValue(); break;
        }
        writer.WriteEndObject();
    }

    private static void WriteStrings(Utf8JsonWriter writer, IEnumerable<string> values)
    {
        writer.WriteStartArray();
        foreach (var value in values) writer.WriteStringValue(value);
        writer.WriteEndArray();
    }
}
