using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Copilot.Chat.Data.Migrations
{
    /// <inheritdoc />
    public partial class SessionTokenTotals : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<long>(
                name: "total_completion_tokens",
                table: "chat_sessions",
                type: "bigint",
                nullable: false,
                defaultValue: 0L);

            migrationBuilder.AddColumn<long>(
                name: "total_prompt_tokens",
                table: "chat_sessions",
                type: "bigint",
                nullable: false,
                defaultValue: 0L);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "total_completion_tokens",
                table: "chat_sessions");

            migrationBuilder.DropColumn(
                name: "total_prompt_tokens",
                table: "chat_sessions");
        }
    }
}
