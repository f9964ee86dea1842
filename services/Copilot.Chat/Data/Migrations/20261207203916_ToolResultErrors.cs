using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Copilot.Chat.Data.Migrations
{
    /// <inheritdoc />
    public partial class ToolResultErrors : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<bool>(
                name: "is_error",
                table: "chat_messages",
                type: "boolean",
                nullable: false,
                defaultValue: false);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "is_error",
                table: "chat_messages");
        }
    }
}
